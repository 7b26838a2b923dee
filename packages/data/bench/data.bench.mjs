// Data-pipeline costs, each against a reference measured in the same run:
// - full Fashion-MNIST train load vs only inflating its two .gz files (the parse + [0,1] overhead);
// - timm eval transform of a 500×375 image vs jpeg-js decoding that image (transform vs decode cost);
// - WordPiece encoding of the 8 000 acceptability training sentences vs BERT basic tokenization alone;
// - building the acceptability set vs only reading the State of the Union texts.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import jpeg from "jpeg-js";
import { quick, report, timeit } from "../../../tooling/bench/harness.mjs";
import {
  basicTokenize,
  buildAcceptabilityDataset,
  DEFAULT_FASHION_MNIST_DIR,
  decodeImage,
  imagenetEvalTransform,
  loadFashionMnist,
  readSotuTexts,
  WordPieceTokenizer,
} from "../dist/node/index.js";

const opts = quick ? { minTimeS: 0.1, minRuns: 2 } : { minTimeS: 1, minRuns: 3 };
const ms = (s) => s * 1000;

if (existsSync(DEFAULT_FASHION_MNIST_DIR)) {
  const files = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"].map((f) => join(DEFAULT_FASHION_MNIST_DIR, f));
  const ref = await timeit(() => {
    for (const f of files) gunzipSync(readFileSync(f));
  }, opts);
  const val = await timeit(() => loadFashionMnist({ split: "train" }), opts);
  report({ name: "fashion-mnist load train (60k) [ref: gunzip only]", value: ms(val), unit: "ms", reference: ms(ref) });
}

// A smooth synthetic photo-sized image, JPEG-encoded at quality 90.
const w = 500;
const h = 375;
const rgba = new Uint8Array(w * h * 4);
for (let y = 0; y < h; y++)
  for (let x = 0; x < w; x++) rgba.set([(x * 255) / w, (y * 255) / h, ((x + y) * 127) / (w + h), 255], 4 * (y * w + x));
const jpg = Uint8Array.from(jpeg.encode({ width: w, height: h, data: rgba }, 90).data);
const rgb = decodeImage(jpg);
{
  const ref = await timeit(() => decodeImage(jpg), opts);
  const val = await timeit(() => imagenetEvalTransform(rgb), opts);
  report({ name: "timm eval transform 500x375 -> 3x224x224 [ref: JPEG decode]", value: ms(val), unit: "ms", reference: ms(ref) });
}

const texts = readSotuTexts();
{
  const ref = await timeit(() => readSotuTexts(), opts);
  const val = await timeit(() => buildAcceptabilityDataset(texts, { seed: 0 }), quick ? opts : { minTimeS: 1, minRuns: 2 });
  report({ name: "acceptability set build (5000 pairs) [ref: read texts]", value: ms(val), unit: "ms", reference: ms(ref) });
}

const ds = buildAcceptabilityDataset(texts, { seed: 0 });
const tok = new WordPieceTokenizer(ds.vocab);
{
  const ref = await timeit(() => {
    for (const s of ds.train.sentences) basicTokenize(s);
  }, opts);
  const val = await timeit(() => tok.encodeBatch(ds.train.sentences, { maxLength: 64 }), opts);
  report({ name: "WordPiece encodeBatch 8000 sentences [ref: basic tokenize]", value: ms(val), unit: "ms", reference: ms(ref) });
}
