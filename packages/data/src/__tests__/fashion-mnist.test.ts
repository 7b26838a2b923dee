import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { DataFormatError, DatasetNotFoundError } from "../errors.js";
import { DEFAULT_FASHION_MNIST_DIR, EMBEDDED_FASHION_MNIST_DIR, loadFashionMnist } from "../node/fashion-mnist.js";

const hasReal = existsSync(DEFAULT_FASHION_MNIST_DIR);
const savedEnv = process.env.TREX_FMNIST_DIR;
afterEach(() => {
  if (savedEnv === undefined) delete process.env.TREX_FMNIST_DIR;
  else process.env.TREX_FMNIST_DIR = savedEnv;
});

/** Writes a tiny hand-made IDX pair (2 images of 2×3) into a fresh folder, optionally gzipped. */
function tinyDir(gz: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), "fmnist-"));
  const img = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 51, 102, 153, 204, 255, 255, 0, 0, 0, 0, 0]);
  const lab = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 9, 3]);
  const w = (name: string, b: Uint8Array) => writeFileSync(join(dir, gz ? `${name}.gz` : name), gz ? gzipSync(b) : b);
  w("train-images-idx3-ubyte", img);
  w("train-labels-idx1-ubyte", lab);
  return dir;
}

describe("loadFashionMnist", () => {
  for (const gz of [false, true]) {
    it(`reads a hand-made ${gz ? "gzipped" : "plain"} IDX pair and scales to [0,1]`, () => {
      const d = loadFashionMnist({ split: "train", dir: tinyDir(gz) });
      expect(d.source).toBe("files");
      expect([d.count, d.rows, d.cols]).toEqual([2, 2, 3]);
      expect(Array.from(d.labels)).toEqual([9, 3]);
      expect(Array.from(d.images.subarray(0, 6))).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1].map(Math.fround));
      expect(d.classNames[9]).toBe("Ankle boot");
    });
  }

  it("honours limit and TREX_FMNIST_DIR", () => {
    process.env.TREX_FMNIST_DIR = tinyDir(true);
    const d = loadFashionMnist({ split: "train", limit: 1 });
    expect(d.count).toBe(1);
    expect(d.images.length).toBe(6);
    expect(d.path).toBe(process.env.TREX_FMNIST_DIR);
  });

  it("reports a missing explicit directory with the install command and env var", () => {
    expect(() => loadFashionMnist({ split: "test", dir: "/nonexistent/fm" })).toThrow(DatasetNotFoundError);
    expect(() => loadFashionMnist({ split: "test", dir: "/nonexistent/fm" })).toThrow(
      /\/nonexistent\/fm.*apt-get install dataset-fashion-mnist.*TREX_FMNIST_DIR/,
    );
    process.env.TREX_FMNIST_DIR = "/nonexistent/env";
    expect(() => loadFashionMnist({ split: "test" })).toThrow(/\/nonexistent\/env \(from TREX_FMNIST_DIR\)/);
  });

  it("names a missing file and a truncated gzip file", () => {
    const dir = tinyDir(true);
    expect(() => loadFashionMnist({ split: "test", dir })).toThrow(/t10k-images-idx3-ubyte\[\.gz\] not found/);
    const p = join(dir, "train-images-idx3-ubyte.gz");
    const b = readFileSync(p);
    writeFileSync(p, b.subarray(0, b.length - 6));
    expect(() => loadFashionMnist({ split: "train", dir })).toThrow(DataFormatError);
    expect(() => loadFashionMnist({ split: "train", dir })).toThrow(/train-images-idx3-ubyte\.gz: expected a valid gzip stream/);
  });

  it("rejects swapped images/labels files", () => {
    const dir = tinyDir(false);
    const img = readFileSync(join(dir, "train-images-idx3-ubyte"));
    writeFileSync(join(dir, "train-images-idx3-ubyte"), readFileSync(join(dir, "train-labels-idx1-ubyte")));
    writeFileSync(join(dir, "train-labels-idx1-ubyte"), img);
    expect(() => loadFashionMnist({ split: "train", dir })).toThrow(/expected a uint8 IDX array of rank 3/);
  });

  it("embedded subset: 1000 + 1000 images, 100 per class, in [0,1]", () => {
    for (const split of ["train", "test"] as const) {
      const d = loadFashionMnist({ split, dir: EMBEDDED_FASHION_MNIST_DIR });
      expect([d.count, d.rows, d.cols]).toEqual([1000, 28, 28]);
      const perClass = new Array(10).fill(0);
      for (const y of d.labels) perClass[y]++;
      expect(perClass).toEqual(new Array(10).fill(100));
      let lo = 1;
      let hi = 0;
      for (const v of d.images) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      expect(lo).toBe(0);
      expect(hi).toBe(1);
    }
  });

  it("falls back to the embedded subset when the default directory is absent", () => {
    // Only observable where the real files are not installed; elsewhere check it is not used.
    delete process.env.TREX_FMNIST_DIR;
    const d = loadFashionMnist({ split: "test", limit: 3 });
    expect(d.source).toBe(hasReal ? "files" : "embedded");
  });

  it.skipIf(!hasReal)("real files: 60000/10000 images, balanced classes, embedded subset is a faithful copy", () => {
    const train = loadFashionMnist({ split: "train" });
    expect([train.count, train.rows, train.cols]).toEqual([60000, 28, 28]);
    const perClass = new Array(10).fill(0);
    for (const y of train.labels) perClass[y]++;
    expect(perClass).toEqual(new Array(10).fill(6000));
    // Compare against raw bytes read independently of the IDX reader.
    const raw = gunzipSync(readFileSync(join(DEFAULT_FASHION_MNIST_DIR, "t10k-images-idx3-ubyte.gz")));
    const rawLab = gunzipSync(readFileSync(join(DEFAULT_FASHION_MNIST_DIR, "t10k-labels-idx1-ubyte.gz")));
    const emb = loadFashionMnist({ split: "test", dir: EMBEDDED_FASHION_MNIST_DIR });
    const seen = new Array(10).fill(0);
    let k = 0;
    for (let i = 0; k < 1000; i++) {
      const y = rawLab[8 + i];
      if (seen[y]++ >= 100) continue;
      expect(emb.labels[k]).toBe(y);
      for (const p of [0, 200, 406, 783]) expect(emb.images[k * 784 + p]).toBe(Math.fround(raw[16 + i * 784 + p] / 255));
      k++;
    }
  });
});
