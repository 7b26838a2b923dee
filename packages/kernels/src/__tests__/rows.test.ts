import { describe, expect, test } from "vitest";
import { backends } from "./backends.js";
import { U32, randomArray } from "./reference.js";

// Softmax, LayerNorm and sumRows on every backend against float64 closed forms computed here.
// Tolerances: softmax entries carry the exp error (≤ 2 ulp in the WASM vector exp) plus the rounding of
// a float32 sum of `cols` terms (≤ cols/4 ulp in four lanes) → relative 4·(cols/4 + 4)·u. LayerNorm outputs
// (x − μ)·rstd·γ + β are bounded by a few ulp of |x − μ|·rstd·|γ| + |β| once μ is formed from shifted sums.

function softmaxRef(x: Float32Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = Array.from(x.subarray(r * cols, (r + 1) * cols));
    const mx = Math.max(...row);
    const e = row.map((v) => Math.exp(v - mx));
    const s = e.reduce((p, q) => p + q, 0);
    e.forEach((v, c) => {
      out[r * cols + c] = v / s;
    });
  }
  return out;
}

function expectClose(got: Float32Array, want: ArrayLike<number>, rel: number, abs: number, what: string) {
  let worst = 0;
  let at = -1;
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i] - want[i]) / (rel * Math.abs(want[i]) + abs);
    if (!(e <= worst)) {
      worst = e;
      at = i;
    }
  }
  expect(worst, `${what}: worst at ${at}: got ${got[at]}, want ${want[at]}`).toBeLessThanOrEqual(1);
}

describe.each(backends)("row kernels on $name", (K) => {
  test.each([
    [1, 1],
    [3, 5],
    [7, 197],
    [4, 384],
  ])("softmax of random rows %i×%i matches the float64 closed form", (rows, cols) => {
    const x = randomArray(rows * 31 + cols, rows * cols, 8);
    const out = new Float32Array(rows * cols);
    K.softmaxRows(x, out, rows, cols);
    expectClose(out, softmaxRef(x, rows, cols), 4 * (cols / 4 + 4) * U32, 1e-38, "softmax");
  });

  test("softmax with large magnitudes, constant rows, −∞ entries and in-place output", () => {
    const x = new Float32Array([
      ...[1e4, 1e4 - 1, -1e4, 3e4, 3e4 - 5, 0, 0], // huge spread
      ...[-3e4, -3e4, -3e4, -3e4, -3e4, -3e4, -3e4], // constant row
      ...[-Infinity, 0, -Infinity, 1, -Infinity, 2, -Infinity], // masked entries
    ]);
    const want = softmaxRef(x, 3, 7);
    K.softmaxRows(x, x, 3, 7); // out aliases x
    expectClose(x, want, 16 * U32, 1e-38, "softmax extremes");
    expect(Array.from(x.subarray(7, 14))).toEqual(Array(7).fill(Math.fround(1 / 7)));
  });

  test.each([
    [1, 1],
    [5, 7],
    [6, 384],
  ])("layerNorm of random rows %i×%i matches the float64 closed form", (rows, cols) => {
    const x = randomArray(rows + cols, rows * cols, 3);
    const gamma = randomArray(2, cols, 2);
    const beta = randomArray(3, cols, 1);
    const out = new Float32Array(rows * cols);
    const mean = new Float32Array(rows);
    const rstd = new Float32Array(rows);
    const eps = 1e-5;
    K.layerNormRows(x, gamma, beta, out, mean, rstd, rows, cols, eps);
    const want = new Float64Array(rows * cols);
    const wantMean = new Float64Array(rows);
    const wantRstd = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const row = Array.from(x.subarray(r * cols, (r + 1) * cols));
      const mu = row.reduce((p, q) => p + q, 0) / cols;
      const v = row.reduce((p, q) => p + (q - mu) ** 2, 0) / cols;
      wantMean[r] = mu;
      wantRstd[r] = 1 / Math.sqrt(v + eps);
      row.forEach((q, c) => {
        want[r * cols + c] = (q - mu) * wantRstd[r] * gamma[c] + beta[c];
      });
    }
    expectClose(out, want, 16 * U32, 16 * U32 * 6, "layerNorm out"); // |γ|·|x̂| + |β| ≲ 6
    expectClose(mean, wantMean, 8 * U32, 8 * U32 * 3, "mean");
    expectClose(rstd, wantRstd, (cols / 4 + 8) * U32, 0, "rstd");
  });

  test("layerNorm keeps small deviations on a large offset, and maps constant rows to beta", () => {
    const cols = 384;
    const noise = randomArray(9, cols, 1);
    const x = new Float32Array(2 * cols);
    for (let c = 0; c < cols; c++) {
      x[c] = 1e4 + noise[c]; // float32 keeps ~1e-3 of the noise; the reference uses exactly those values
      x[cols + c] = -123.25;
    }
    const gamma = new Float32Array(cols).fill(1);
    const beta = randomArray(10, cols, 1);
    const out = new Float32Array(2 * cols);
    const mean = new Float32Array(2);
    const rstd = new Float32Array(2);
    K.layerNormRows(x, gamma, beta, out, mean, rstd, 2, cols, 1e-5);
    const row = Array.from(x.subarray(0, cols));
    const mu = row.reduce((p, q) => p + q, 0) / cols;
    const rs = 1 / Math.sqrt(row.reduce((p, q) => p + (q - mu) ** 2, 0) / cols + 1e-5);
    // Deviations x − μ are exact-ish (both near 1e4), so the output error is a few ulp of |x̂| + |β| ≤ ~3.
    expectClose(out.subarray(0, cols), row.map((q, c) => (q - mu) * rs + beta[c]), 0, 64 * U32 * 3, "offset row");
    expect(Array.from(out.subarray(cols))).toEqual(Array.from(beta));
    expect(mean[1]).toBe(-123.25);
    expect(rstd[1]).toBe(Math.fround(1 / Math.sqrt(1e-5)));
  });

  test("sumRows sums columns, with and without accumulate", () => {
    const [rows, cols] = [197, 391];
    const x = randomArray(5, rows * cols);
    const want = new Float64Array(cols);
    const mag = new Float64Array(cols);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) {
        want[c] += x[r * cols + c];
        mag[c] += Math.abs(x[r * cols + c]);
      }
    const out = new Float32Array(cols);
    K.sumRows(x, out, rows, cols, false);
    for (let c = 0; c < cols; c++) expect(Math.abs(out[c] - want[c])).toBeLessThanOrEqual((rows + 1) * U32 * mag[c]);
    const small = new Float32Array([1, 2, 3, 4, 5, 6]);
    const acc = new Float32Array([10, 20, 30]);
    K.sumRows(small, acc, 2, 3, true);
    expect(Array.from(acc)).toEqual([15, 27, 39]);
    K.sumRows(small, acc, 2, 3, false);
    expect(Array.from(acc)).toEqual([5, 7, 9]);
  });
});
