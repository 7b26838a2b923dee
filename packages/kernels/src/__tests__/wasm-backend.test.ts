import { describe, expect, test } from "vitest";
import { getKernels, initKernels, setKernels } from "../backend.js";
import { KernelShapeError, KernelsError } from "../errors.js";
import { tsKernels } from "../ts-kernels.js";
import {
  bestWasmVariant,
  compileKernelsModule,
  createWasmKernels,
  createWasmKernelsAsync,
  wasmVariantSupported,
} from "../wasm-kernels.js";
import { backends } from "./backends.js";
import { matmulF64, rng } from "./reference.js";

function intArray(seed: number, n: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => Math.floor(r() * 7) - 3);
}

/** Runs an integer GEMM (exact in float32) on K and returns whether it matched the float64 product. */
function exactGemm(K: ReturnType<typeof createWasmKernels>, m: number, n: number, k: number, seed: number) {
  const a = intArray(seed, m * k);
  const b = intArray(seed + 1, k * n);
  const out = new Float32Array(m * n);
  K.gemm(a, b, out, m, n, k, false, true, false);
  const ref = matmulF64(a, transposeBack(b, n, k), m, n, k).value;
  return out.every((v, i) => v === ref[i]);
}

/** b stored n×k (transB) back to k×n for the reference. */
function transposeBack(b: Float32Array, n: number, k: number): Float32Array {
  const t = new Float32Array(k * n);
  for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) t[p * n + j] = b[j * k + p];
  return t;
}

describe("WASM linear memory", () => {
  test("a call that grows memory between two calls leaves both, and later calls, correct", () => {
    const K = createWasmKernels();
    const before = K.memoryBytes;
    expect(exactGemm(K, 5, 6, 7, 1)).toBe(true);
    // ~12 MB of operands: forces memory.grow, which detaches every view of the old buffer.
    expect(exactGemm(K, 300, 500, 2000, 2)).toBe(true);
    const grown = K.memoryBytes;
    expect(grown).toBeGreaterThan(before);
    expect(exactGemm(K, 5, 6, 7, 3)).toBe(true);
    // Elementwise kernels after the growth use fresh views too.
    const x = new Float32Array([1, 2, 3]);
    const out = new Float32Array(3);
    K.softmaxRows(x, out, 1, 3);
    expect(out[2]).toBeCloseTo(Math.exp(2) / (1 + Math.exp(1) + Math.exp(2)), 6);
    // Growth inside a call that also accumulates (out is copied in after the grow).
    const acc = new Float32Array(400 * 600).fill(1);
    K.gemm(new Float32Array(400 * 3000).fill(1), new Float32Array(3000 * 600).fill(1), acc, 400, 600, 3000, false, false, true);
    expect(acc.every((v) => v === 3001)).toBe(true);
  });

  test("repeated calls reuse the arena: memory stays at its high-water mark", () => {
    const K = createWasmKernels();
    expect(exactGemm(K, 64, 64, 64, 4)).toBe(true);
    const mark = K.memoryBytes;
    for (let i = 0; i < 50; i++) exactGemm(K, 64, 64, 64, 5 + i);
    expect(K.memoryBytes).toBe(mark);
  });
});

describe("backend selection", () => {
  test("getKernels picks the fastest WASM build in Node; setKernels and initKernels switch backends", async () => {
    const best = `wasm-${bestWasmVariant()}`;
    expect(getKernels().name).toBe(best);
    setKernels(tsKernels);
    expect(getKernels()).toBe(tsKernels);
    const k = await initKernels();
    expect(k.name).toBe(best);
    expect(getKernels()).toBe(k);
  });

  test.runIf(process.execArgv.includes("--experimental-wasm-relaxed-simd"))(
    "with the relaxed-SIMD flag both builds are available and named by their build",
    () => {
      expect(wasmVariantSupported("relaxed-simd")).toBe(true);
      expect(bestWasmVariant()).toBe("relaxed-simd");
      expect(createWasmKernels(compileKernelsModule("relaxed-simd")).name).toBe("wasm-relaxed-simd");
      expect(createWasmKernels(compileKernelsModule("simd")).name).toBe("wasm-simd");
    },
  );

  test("the asynchronously compiled backend computes like the synchronous one", async () => {
    const K = await createWasmKernelsAsync();
    expect(exactGemm(K, 9, 10, 11, 7)).toBe(true);
  });
});

describe.each(backends)("argument errors on $name", (K) => {
  test("short buffers and bad sizes throw KernelShapeError naming the argument", () => {
    const f = (n: number) => new Float32Array(n);
    expect(() => K.gemm(f(5), f(6), f(4), 2, 2, 3, false, false, false)).toThrow(/gemm: a has 5 elements/);
    expect(() => K.gemm(f(6), f(6), f(4), 2, 2, 3.5, false, false, false)).toThrow(KernelShapeError);
    expect(() => K.gemmBatched(f(12), f(12), f(7), 2, 2, 2, 3, false, false, false)).toThrow(/out has 7/);
    expect(() => K.softmaxRows(f(6), f(5), 2, 3)).toThrow(/softmaxRows: out/);
    expect(() => K.layerNormRows(f(6), f(2), f(3), f(6), f(2), f(2), 2, 3, 1e-5)).toThrow(/gamma/);
    expect(() => K.gelu(f(3), f(4))).toThrow(/gelu: out has 4 elements but x has 3/);
    expect(() => K.geluBackward(f(3), f(3), f(2))).toThrow(KernelsError);
    expect(() => K.sumRows(f(6), f(2), 2, 3, false)).toThrow(/sumRows: out/);
    expect(() => K.sumRows(f(6), f(3), -2, 3, false)).toThrow(/rows = -2/);
  });
});
