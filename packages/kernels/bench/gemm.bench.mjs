// GEMM throughput of the WASM SIMD kernels (through the public API, operand copies included) against
// onnxruntime-node's MatMul on one thread, on the DeiT-S shapes (197 tokens, width 384, MLP 1536):
// qkv projection 197×384×1152, MLP up 197×384×1536, MLP down 197×1536×384.
//
//   node bench/gemm.bench.mjs [simd|relaxed-simd]
//
// The WASM build defaults to "simd"; "relaxed-simd" (rows gemm/wasm-relaxed/…) needs a runtime with relaxed
// SIMD (Node 20: --experimental-wasm-relaxed-simd, which the package's bench script passes).
import { quick, report, timeit } from "../../../tooling/bench/harness.mjs";
import { compileKernelsModule, createWasmKernels } from "../dist/index.js";
import { ortMatmul } from "./ort-matmul.mjs";

const SHAPES = [
  [197, 384, 1152],
  [197, 384, 1536],
  [197, 1536, 384],
];

/** Seeded uniform floats in [−1, 1) (mulberry32). */
function randomArray(seed, n) {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

// The machine is shared (2 cores, often 5–10 runnable processes): WASM and ORT calls are timed one by one,
// alternating, and each keeps its fastest call — the one no other process interrupted — so foreign load
// cannot favour either side. Both are warmed up first (V8 tiers WASM up to optimised code in the background).
const ROUNDS = quick ? 5 : 300;
const opts = { minTimeS: 0, minRuns: 1, warmup: 0 };
const WARMUP = quick ? 2 : 20;
const variant = process.argv[2] ?? "simd";
const wasm = createWasmKernels(compileKernelsModule(variant));
const label = variant === "simd" ? "wasm" : "wasm-relaxed";

for (const [m, k, n] of SHAPES) {
  const shape = `${m}x${k}x${n}`;
  const flop = 2 * m * n * k;
  const a = randomArray(1, m * k);
  const b = randomArray(2, k * n);
  const out = new Float32Array(m * n);

  const ort = await ortMatmul(m, k, n, b);
  const ortOut = await ort.run(a);
  wasm.gemm(a, b, out, m, n, k, false, false, false);
  let maxDiff = 0;
  for (let i = 0; i < out.length; i++) maxDiff = Math.max(maxDiff, Math.abs(out[i] - ortOut[i]));
  if (maxDiff > 1e-3) throw new Error(`gemm ${shape}: WASM and ORT disagree by ${maxDiff}; the kernel is broken.`);

  for (let i = 0; i < WARMUP; i++) {
    await ort.run(a);
    wasm.gemm(a, b, out, m, n, k, false, false, false);
  }
  let ortS = Number.POSITIVE_INFINITY;
  let wasmS = Number.POSITIVE_INFINITY;
  for (let r = 0; r < ROUNDS; r++) {
    ortS = Math.min(ortS, await timeit(() => ort.run(a), opts));
    wasmS = Math.min(wasmS, await timeit(() => wasm.gemm(a, b, out, m, n, k, false, false, false), opts));
  }
  await ort.release();

  const ortG = flop / ortS / 1e9;
  const wasmG = flop / wasmS / 1e9;
  report({ name: `gemm/${label}/${shape}`, value: wasmG, unit: "GFLOP/s", reference: ortG });
  // ORT is measured again beside each build (same-run reference); report it once.
  if (variant === "simd") report({ name: `gemm/ort/${shape}`, value: ortG, unit: "GFLOP/s" });
}
