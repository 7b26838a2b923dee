// Regenerates assets/fashion-mnist-subset/: the first 100 images of each class (in file order)
// from the real Fashion-MNIST train and test files, written as gzipped IDX like the originals.
// Usage: node scripts/make-fashion-mnist-subset.mjs [/usr/share/datasets/fashion-mnist]
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";

const src = process.argv[2] ?? "/usr/share/datasets/fashion-mnist";
const out = new URL("../assets/fashion-mnist-subset/", import.meta.url);
const PER_CLASS = 100;
mkdirSync(out, { recursive: true });

for (const prefix of ["train", "t10k"]) {
  const images = gunzipSync(readFileSync(join(src, `${prefix}-images-idx3-ubyte.gz`)));
  const labels = gunzipSync(readFileSync(join(src, `${prefix}-labels-idx1-ubyte.gz`)));
  const px = 28 * 28;
  const taken = new Array(10).fill(0);
  const keep = [];
  for (let i = 0; i < labels.length - 8 && keep.length < 10 * PER_CLASS; i++) {
    const y = labels[8 + i];
    if (taken[y] < PER_CLASS) {
      taken[y]++;
      keep.push(i);
    }
  }
  const n = keep.length;
  const img = Buffer.alloc(16 + n * px);
  img.writeUInt32BE(0x00000803, 0);
  img.writeUInt32BE(n, 4);
  img.writeUInt32BE(28, 8);
  img.writeUInt32BE(28, 12);
  const lab = Buffer.alloc(8 + n);
  lab.writeUInt32BE(0x00000801, 0);
  lab.writeUInt32BE(n, 4);
  keep.forEach((i, k) => {
    images.copy(img, 16 + k * px, 16 + i * px, 16 + (i + 1) * px);
    lab[8 + k] = labels[8 + i];
  });
  writeFileSync(new URL(`${prefix}-images-idx3-ubyte.gz`, out), gzipSync(img, { level: 9 }));
  writeFileSync(new URL(`${prefix}-labels-idx1-ubyte.gz`, out), gzipSync(lab, { level: 9 }));
  console.log(`${prefix}: ${n} images, last source index ${keep[n - 1]}`);
}
