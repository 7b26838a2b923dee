import { describe, expect, test } from "vitest";
import { backends } from "./backends.js";
import { U32, randomArray } from "./reference.js";

// Softmax and LayerNorm backward on every backend against float64 closed forms written here, and the
// closed forms themselves against float64 central finite differences of the forward maps. Bounds scale
// with the magnitudes of the terms each output sums (a float32 kernel cannot do better than that).

const SHAPES: [number, number][] = [
  [1, 1],
  [1, 7],
  [5, 1],
  [3, 5],
  [17, 13],
  [9, 64],
  [6, 50],
];

function within(got: ArrayLike<number>, want: ArrayLike<number>, bound: ArrayLike<number>, what: string): void {
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i] - want[i]);
    if (!(err <= bound[i])) expect.fail(`${what}[${i}]: got ${got[i]}, want ${want[i]} (bound ${bound[i]})`);
  }
}

/** float64 LayerNorm forward of one row: y = (x − μ)/√(var + eps)·γ + β. */
function lnRow(x: ArrayLike<number>, gamma: ArrayLike<number>, eps: number): { y: number[]; mu: number; rs: number } {
  const n = x.length;
  let mu = 0;
  for (let c = 0; c < n; c++) mu += x[c];
  mu /= n;
  let v = 0;
  for (let c = 0; c < n; c++) v += (x[c] - mu) ** 2;
  const rs = 1 / Math.sqrt(v / n + eps);
  return { y: Array.from({ length: n }, (_, c) => (x[c] - mu) * rs * gamma[c]), mu, rs };
}

function softmaxRow(x: ArrayLike<number>): number[] {
  const mx = Math.max(...Array.from(x));
  const e = Array.from(x, (v) => Math.exp(v - mx));
  const s = e.reduce((p, q) => p + q, 0);
  return e.map((v) => v / s);
}

describe.each(backends)("row backward kernels on $name", (K) => {
  test.each(SHAPES)("softmax backward %i×%i matches the float64 closed form", (rows, cols) => {
    const x = randomArray(rows * 7 + cols, rows * cols, 4);
    const dy = randomArray(rows * 11 + cols + 1, rows * cols, 1);
    const y = new Float32Array(rows * cols);
    K.softmaxRows(x, y, rows, cols);
    const dx = new Float32Array(rows * cols);
    K.softmaxBackwardRows(y, dy, dx, rows, cols);
    const want = new Float64Array(rows * cols);
    const bound = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let dot = 0;
      let mag = 0;
      for (let c = 0; c < cols; c++) {
        dot += dy[o + c] * y[o + c];
        mag += Math.abs(dy[o + c] * y[o + c]);
      }
      for (let c = 0; c < cols; c++) {
        want[o + c] = y[o + c] * (dy[o + c] - dot);
        bound[o + c] = 4 * (cols / 4 + 4) * U32 * Math.abs(y[o + c]) * (Math.abs(dy[o + c]) + mag) + 1e-30;
      }
    }
    within(dx, want, bound, "softmax dx");
    // In place (dx aliasing dy) gives the same values.
    const inPlace = dy.slice();
    K.softmaxBackwardRows(y, inPlace, inPlace, rows, cols);
    expect(Array.from(inPlace)).toEqual(Array.from(dx));
  });

  test.each(SHAPES)("layerNorm backward %i×%i matches the float64 closed form", (rows, cols) => {
    const n = rows * cols;
    const x = randomArray(rows * 5 + cols, n, 3);
    for (let i = 0; i < n; i++) x[i] += 2; // a common offset, as real activations have
    const gamma = randomArray(cols + 3, cols, 1.5);
    const beta = randomArray(cols + 4, cols, 1);
    const dy = randomArray(rows * 13 + cols, n, 1);
    const mean = new Float32Array(rows);
    const rstd = new Float32Array(rows);
    K.layerNormRows(x, gamma, beta, new Float32Array(n), mean, rstd, rows, cols, 1e-5);
    const dx = new Float32Array(n);
    const dgamma = new Float32Array(cols);
    const dbeta = new Float32Array(cols);
    K.layerNormBackwardRows(x, gamma, mean, rstd, dy, dx, dgamma, dbeta, rows, cols);

    const wantDx = new Float64Array(n);
    const boundDx = new Float64Array(n);
    const wantG = new Float64Array(cols);
    const magG = new Float64Array(cols);
    const wantB = new Float64Array(cols);
    const magB = new Float64Array(cols);
    const tol = 8 * (cols / 4 + 8) * U32;
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      const { mu, rs } = lnRow(x.subarray(o, o + cols), gamma, 1e-5);
      const xh = Array.from({ length: cols }, (_, c) => (x[o + c] - mu) * rs);
      const d = Array.from({ length: cols }, (_, c) => dy[o + c] * gamma[c]);
      const a = d.reduce((p, q) => p + q, 0) / cols;
      const b = d.reduce((p, q, c) => p + q * xh[c], 0) / cols;
      const magA = d.reduce((p, q) => p + Math.abs(q), 0) / cols;
      const magBb = d.reduce((p, q, c) => p + Math.abs(q * xh[c]), 0) / cols;
      for (let c = 0; c < cols; c++) {
        wantDx[o + c] = rs * (d[c] - a - xh[c] * b);
        boundDx[o + c] = tol * rs * (Math.abs(d[c]) + magA + Math.abs(xh[c]) * magBb) + 1e-30;
        wantG[c] += dy[o + c] * xh[c];
        magG[c] += Math.abs(dy[o + c] * xh[c]);
        wantB[c] += dy[o + c];
        magB[c] += Math.abs(dy[o + c]);
      }
    }
    within(dx, wantDx, boundDx, "dx");
    within(dgamma, wantG, Array.from(magG, (m) => tol * m + 1e-30), "dgamma");
    within(dbeta, wantB, Array.from(magB, (m) => 2 * U32 * m + 1e-30), "dbeta");
  });

  test("layerNorm backward rejects buffers too short for the sizes with a KernelShapeError", () => {
    const a = new Float32Array(6);
    expect(() => K.layerNormBackwardRows(a, a, a, a, a, a, a, new Float32Array(2), 2, 3)).toThrow(/dbeta has 2 elements/);
  });
});

describe("the float64 closed forms match central finite differences", () => {
  test.each([
    [1, 1],
    [2, 5],
    [3, 7],
  ])("softmax and layerNorm %i×%i", (rows, cols) => {
    const n = rows * cols;
    const x = Float64Array.from(randomArray(n + 1, n, 2));
    const gamma = Float64Array.from(randomArray(cols + 2, cols, 1.5));
    const dy = Float64Array.from(randomArray(n + 3, n, 1));
    const h = 1e-6;
    const loss = (f: (row: Float64Array) => number[], xs: Float64Array) => {
      let l = 0;
      for (let r = 0; r < rows; r++) {
        const y = f(xs.subarray(r * cols, (r + 1) * cols));
        for (let c = 0; c < cols; c++) l += dy[r * cols + c] * y[c];
      }
      return l;
    };
    const ln = (row: Float64Array) => lnRow(row, gamma, 1e-5).y;
    for (const [name, f] of [["softmax", softmaxRow], ["layerNorm", ln]] as const) {
      // The kernels' closed forms, in float64, on the same row.
      const y32 = new Float32Array(n);
      const K = backends[0];
      for (let i = 0; i < n; i++) y32[i] = x[i];
      const dx = new Float32Array(n);
      if (name === "softmax") {
        K.softmaxRows(y32, y32, rows, cols);
        K.softmaxBackwardRows(y32, Float32Array.from(dy), dx, rows, cols);
      } else {
        const mean = new Float32Array(rows);
        const rstd = new Float32Array(rows);
        const g32 = Float32Array.from(gamma);
        K.layerNormRows(Float32Array.from(x), g32, new Float32Array(cols), new Float32Array(n), mean, rstd, rows, cols, 1e-5);
        K.layerNormBackwardRows(Float32Array.from(x), g32, mean, rstd, Float32Array.from(dy), dx, new Float32Array(cols), new Float32Array(cols), rows, cols);
      }
      for (let i = 0; i < n; i++) {
        const xp = x.slice();
        xp[i] += h;
        const xm = x.slice();
        xm[i] -= h;
        const fd = (loss(f, xp) - loss(f, xm)) / (2 * h);
        expect(Math.abs(dx[i] - fd), `${name} dx[${i}]`).toBeLessThanOrEqual(2e-5 * (1 + Math.abs(fd)));
      }
    }
  });
});
