import { describe, expect, test } from "vitest";
import { backends } from "./backends.js";
import { U32, matmulF64, randomArray, rng, transpose } from "./reference.js";

// GEMM conformance on every backend. Two kinds of check:
// - small-integer operands, where every product and partial sum is an integer below 2^24, so any summation
//   order is exact in float32 and every backend must match the float64 reference *exactly* — this catches
//   a dropped, doubled or misplaced term however small;
// - uniform floats, compared with the float64 reference under the worst-case float32 summation bound
//   |err| ≤ (s + 2)·u·Σ|a·b|, where s bounds the additions any one entry goes through. The WASM kernel
//   sums at most 256 products per depth block in one lane and then adds the ⌈k/256⌉ blocks, so
//   s = min(k, 256) + ⌈k/256⌉; plain sequential summation (s = k) would be looser, not tighter.

const SHAPES: readonly [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 1],
  [3, 1, 5],
  [4, 8, 16], // exactly one register tile
  [5, 9, 3], // one past the tile in both directions
  [13, 17, 19],
  [33, 31, 257], // depth one past a block
  [97, 65, 40], // rows one past the packed A block
  [9, 13, 4099], // large k
  [197, 64, 48],
];

const TRANS: readonly [boolean, boolean][] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];

function intArray(seed: number, n: number, max: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => Math.floor(r() * (2 * max + 1)) - max);
}

/** The stored operands for op(a) = a0 (m×k) and op(b) = b0 (k×n) under the given transposes. */
function stored(a0: Float32Array, b0: Float32Array, m: number, n: number, k: number, tA: boolean, tB: boolean) {
  return { a: tA ? transpose(a0, m, k) : a0, b: tB ? transpose(b0, k, n) : b0 };
}

function sumBound(k: number): number {
  return (Math.min(k, 256) + Math.ceil(k / 256) + 2) * U32;
}

describe.each(backends)("gemm on $name", (K) => {
  test.each(SHAPES)("exact on small integers, %i×%i×%i, all transposes", (m, n, k) => {
    const a0 = intArray(m * 1000 + k, m * k, 3);
    const b0 = intArray(n * 1000 + k + 1, k * n, 3);
    const ref = matmulF64(a0, b0, m, n, k).value;
    for (const [tA, tB] of TRANS) {
      const { a, b } = stored(a0, b0, m, n, k, tA, tB);
      const out = new Float32Array(m * n).fill(Number.NaN);
      K.gemm(a, b, out, m, n, k, tA, tB, false);
      expect(Array.from(out), `transA=${tA} transB=${tB}`).toEqual(Array.from(ref));
    }
  });

  test.each(SHAPES)("within the float32 bound on random floats, %i×%i×%i, all transposes", (m, n, k) => {
    const a0 = randomArray(11 + m, m * k);
    const b0 = randomArray(12 + n, k * n);
    const { value, magnitude } = matmulF64(a0, b0, m, n, k);
    for (const [tA, tB] of TRANS) {
      const { a, b } = stored(a0, b0, m, n, k, tA, tB);
      const out = new Float32Array(m * n);
      K.gemm(a, b, out, m, n, k, tA, tB, false);
      let worst = 0;
      for (let i = 0; i < m * n; i++) worst = Math.max(worst, Math.abs(out[i] - value[i]) / (sumBound(k) * magnitude[i]));
      expect(worst, `transA=${tA} transB=${tB}: error / bound`).toBeLessThanOrEqual(1);
    }
  });

  test("accumulate adds to out instead of overwriting it", () => {
    const [m, n, k] = [7, 11, 300];
    const a = intArray(1, m * k, 2);
    const b = intArray(2, k * n, 2);
    const out = intArray(3, m * n, 50);
    const before = Float32Array.from(out);
    K.gemm(a, b, out, m, n, k, false, false, true);
    const ref = matmulF64(a, b, m, n, k).value.map((v, i) => v + before[i]);
    expect(Array.from(out)).toEqual(Array.from(ref));
  });

  test("k = 0 gives zeros, or leaves out unchanged when accumulating", () => {
    const out = new Float32Array([1, 2, 3, 4, 5, 6]);
    K.gemm(new Float32Array(0), new Float32Array(0), out, 2, 3, 0, false, false, true);
    expect(Array.from(out)).toEqual([1, 2, 3, 4, 5, 6]);
    K.gemm(new Float32Array(0), new Float32Array(0), out, 2, 3, 0, false, false, false);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  test.each(TRANS)("batched equals per-batch products (transA=%s, transB=%s), with accumulate", (tA, tB) => {
    const [batch, m, n, k] = [6, 17, 9, 64];
    const a = intArray(21, batch * m * k, 3);
    const b = intArray(22, batch * k * n, 3);
    const out = intArray(23, batch * m * n, 10);
    const expected = new Float32Array(out);
    for (let i = 0; i < batch; i++) {
      const ai = a.subarray(i * m * k, (i + 1) * m * k);
      const bi = b.subarray(i * k * n, (i + 1) * k * n);
      const a0 = tA ? transpose(ai, k, m) : ai;
      const b0 = tB ? transpose(bi, n, k) : bi;
      const v = matmulF64(a0, b0, m, n, k).value;
      for (let j = 0; j < m * n; j++) expected[i * m * n + j] += v[j];
    }
    K.gemmBatched(a, b, out, batch, m, n, k, tA, tB, true);
    expect(Array.from(out)).toEqual(Array.from(expected));
  });

  test("a hand-computed 2×3 · 3×2 product", () => {
    const out = new Float32Array(4);
    K.gemm(new Float32Array([1, 2, 3, 4, 5, 6]), new Float32Array([1, 0, 0, 1, 1, 1]), out, 2, 2, 3, false, false, false);
    expect(Array.from(out)).toEqual([4, 5, 10, 11]);
  });
});
