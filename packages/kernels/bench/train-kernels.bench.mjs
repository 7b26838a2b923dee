// The non-GEMM kernels of a deit-fmnist training step (batch 32: 1600 token rows of width 64, 4 heads of
// 50×50 attention, MLP 128) on the WASM build against the TypeScript backend (the code path the tensor
// engine used before these kernels existed), operand copies included.
//
//   node bench/train-kernels.bench.mjs [simd|relaxed-simd]
import { quick, report, timeit } from "../../../tooling/bench/harness.mjs";
import { compileKernelsModule, createWasmKernels, tsKernels } from "../dist/index.js";

/** Seeded uniform floats in [−scale, scale) (mulberry32). */
function randomArray(seed, n, scale = 1) {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

const variant = process.argv[2] ?? "simd";
const wasm = createWasmKernels(compileKernelsModule(variant));
const label = variant === "simd" ? "wasm" : "wasm-relaxed";

const rows = 1600;
const cols = 64;
const x = randomArray(1, rows * cols, 3);
const gamma = randomArray(2, cols);
const dy = randomArray(3, rows * cols);
const mean = new Float32Array(rows);
const rstd = new Float32Array(rows);
tsKernels.layerNormRows(x, gamma, new Float32Array(cols), new Float32Array(rows * cols), mean, rstd, rows, cols, 1e-5);
const dx = new Float32Array(rows * cols);
const dg = new Float32Array(cols);
const db = new Float32Array(cols);

const sRows = 32 * 4 * 50;
const sCols = 50;
const probs = new Float32Array(sRows * sCols);
tsKernels.softmaxRows(randomArray(4, sRows * sCols, 4), probs, sRows, sCols);
const sdy = randomArray(5, sRows * sCols);
const sdx = new Float32Array(sRows * sCols);

const qkvShape = [32, 50, 3, 4, 16];
const qkv = randomArray(6, 32 * 50 * 3 * 4 * 16);
const qkvOut = new Float32Array(qkv.length);

const hidden = randomArray(7, rows * 128, 3);
const hdy = randomArray(8, rows * 128);
const hout = new Float32Array(rows * 128);

const CASES = [
  ["layerNormBackward/1600x64", (K) => K.layerNormBackwardRows(x, gamma, mean, rstd, dy, dx, dg, db, rows, cols)],
  ["softmaxBackward/6400x50", (K) => K.softmaxBackwardRows(probs, sdy, sdx, sRows, sCols)],
  ["permute/qkv-split", (K) => K.permute(qkv, qkvOut, qkvShape, [2, 0, 3, 1, 4])],
  ["binary-add/1600x128", (K) => K.binary("add", hidden, hdy, hout)],
  ["scale/1600x128", (K) => K.scale(hidden, 0.25, hout)],
  ["gelu+geluBackward/1600x128", (K) => {
    K.gelu(hidden, hout);
    K.geluBackward(hidden, hdy, hout);
  }],
];

// Alternate the two backends call by call and keep each one's fastest call, so load from other processes
// on the shared machine cannot favour either side.
const ROUNDS = quick ? 3 : 60;
const opts = { minTimeS: 0, minRuns: 1, warmup: 0 };
for (const [name, run] of CASES) {
  for (let i = 0; i < (quick ? 1 : 10); i++) {
    run(wasm);
    run(tsKernels);
  }
  let best = Number.POSITIVE_INFINITY;
  let bestTs = Number.POSITIVE_INFINITY;
  for (let r = 0; r < ROUNDS; r++) {
    best = Math.min(best, await timeit(() => run(wasm), opts));
    bestTs = Math.min(bestTs, await timeit(() => run(tsKernels), opts));
  }
  report({ name: `${name}/${label}-vs-ts`, value: best * 1e3, unit: "ms", reference: bestTs * 1e3 });
}
