import { createModel } from "@trex/models";
import { validateParams } from "@trex/registry";
import { gelu, noGrad, Rng, tensor } from "@trex/tensor";
import { describe, expect, it } from "vitest";
import { applyTrex, erf, fitTransformBlocks, GELU_ARGMIN, GELU_MIN, geluInverse, RidgeAccumulator, TREX_PARAMS } from "../index.js";
import { images, randomize } from "./tiny.js";

/** Solves A x = b by Gaussian elimination with partial pivoting (float64): a different algorithm from the Cholesky under test. */
function gaussSolve(a: number[][], b: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k < m[r].length; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row.slice(n).map((v) => v / m[i][i]));
}

describe("GELU inverse", () => {
  it("erf matches known values", () => {
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 14);
    expect(erf(-1.5)).toBeCloseTo(-0.9661051464753108, 14);
    expect(erf(3.5)).toBeCloseTo(0.9999992569016276, 14);
  });

  it("inverts @trex/tensor's GELU on the increasing branch and clips below the minimum", () => {
    expect(GELU_ARGMIN).toBeCloseTo(-0.75179, 4);
    expect(GELU_MIN).toBeCloseTo(-0.16997, 4);
    const ys = [-0.15, -0.1, -0.01, 0, 0.02, 0.3, 1, 2.5, 7];
    const xs = ys.map((y) => geluInverse(y));
    const back = gelu(tensor(xs)).data;
    ys.forEach((y, i) => {
      expect(back[i]).toBeCloseTo(y, 5);
      expect(xs[i]).toBeGreaterThanOrEqual(GELU_ARGMIN);
    });
    expect(gelu(tensor([geluInverse(-5)])).data[0]).toBeCloseTo(GELU_MIN + 0.01, 5);
  });
});

describe("ridge regression", () => {
  it("matches the normal equations solved independently in float64", () => {
    const rng = new Rng(3);
    const [rows, d, o] = [40, 5, 3];
    const z = Array.from({ length: rows * d }, () => rng.normal());
    const u = Array.from({ length: rows * o }, () => rng.normal());
    const acc = new RidgeAccumulator(d, o);
    acc.add(z.slice(0, 17 * d), u.slice(0, 17 * o), 17); // in two batches
    acc.add(z.slice(17 * d), u.slice(17 * o), rows - 17);
    const { weight, bias, lambda } = acc.solve(0.05);
    // Independent: build [Z 1]ᵀ[Z 1] + λ·diag(1..1, 0) and [Z 1]ᵀU, then eliminate.
    const zr = (r: number) => [...z.slice(r * d, r * d + d), 1];
    const A = Array.from({ length: d + 1 }, (_, i) => Array.from({ length: d + 1 }, (_, j) => {
      let s = 0;
      for (let r = 0; r < rows; r++) s += zr(r)[i] * zr(r)[j];
      return s;
    }));
    let trace = 0;
    for (let i = 0; i < d; i++) trace += A[i][i];
    expect(lambda).toBeCloseTo((0.05 * trace) / d, 10);
    for (let i = 0; i < d; i++) A[i][i] += lambda;
    const B = Array.from({ length: d + 1 }, (_, i) => Array.from({ length: o }, (_, k) => {
      let s = 0;
      for (let r = 0; r < rows; r++) s += zr(r)[i] * u[r * o + k];
      return s;
    }));
    const X = gaussSolve(A, B);
    for (let k = 0; k < o; k++) {
      for (let i = 0; i < d; i++) expect(weight[k * d + i]).toBeCloseTo(X[i][k], 10);
      expect(bias[k]).toBeCloseTo(X[d][k], 10);
    }
  });

  it("refuses rank-deficient features without ridge, naming the fix", () => {
    const acc = new RidgeAccumulator(3, 1);
    acc.add([1, 1, 1, 2, 2, 2], [1, 2], 2);
    expect(() => acc.solve(0)).toThrow(/rank-deficient.*raise ridge/);
  });
});

describe("closed-form Transformation Blocks", () => {
  const tinyVit = () => createModel("deit-fmnist", { dim: 16, heads: 2, depth: 4, mlpRatio: 2, seed: 9 });

  it("reduces the TB output error vs a random TB, and the fitted Linear is the float64 normal-equations solution", () => {
    const teacher = tinyVit();
    randomize(teacher, 21, 0.25);
    const batches = [images(6, 1, 28, 1), images(6, 1, 28, 2)];
    // Random TB: tbInit small (trunc-normal std 0.02) plus random LayerNorm; the fit resets LN to 1/0.
    const model = applyTrex(teacher, validateParams(TREX_PARAMS, { reuse: "3" }));
    const fits = fitTransformBlocks(model, teacher, batches, { ridge: 1e-3 });
    expect(fits).toHaveLength(1);
    const f = fits[0];
    expect([f.encoder, f.source]).toEqual([3, 2]);
    expect(f.rows).toBe(12 * teacher.spec().tokens); // one row per token of each of the 12 images
    expect(f.mseAfter).toBeLessThan(0.5 * f.mseBefore);

    // Independent reference: gather z = LN(source attention) and u = GELU⁻¹(teacher attention of encoder 3)
    // from the teacher (encoder 3's source stream is the teacher's up to encoder 2), normal equations in float64.
    const d = 16;
    const rowsZ: number[][] = [];
    const rowsU: number[][] = [];
    for (const x of batches) {
      const outs = noGrad(() => teacher.forward(x, { returnAttention: true })).attentionOutputs!;
      const a = outs[1].data;
      const y = outs[2].data;
      for (let r = 0; r < a.length / d; r++) {
        const row = Array.from(a.subarray(r * d, r * d + d));
        const m = row.reduce((s, v) => s + v, 0) / d;
        const v = row.reduce((s, w) => s + (w - m) ** 2, 0) / d;
        rowsZ.push([...row.map((w) => (w - m) / Math.sqrt(v + 1e-6)), 1]);
        rowsU.push(Array.from(y.subarray(r * d, r * d + d), (t) => geluInverse(t)));
      }
    }
    const A = Array.from({ length: d + 1 }, (_, i) => Array.from({ length: d + 1 }, (_, j) => rowsZ.reduce((s, z) => s + z[i] * z[j], 0)));
    let trace = 0;
    for (let i = 0; i < d; i++) trace += A[i][i];
    for (let i = 0; i < d; i++) A[i][i] += (1e-3 * trace) / d;
    const B = Array.from({ length: d + 1 }, (_, i) => Array.from({ length: d }, (_, k) => rowsZ.reduce((s, z, r) => s + z[i] * rowsU[r][k], 0)));
    const X = gaussSolve(A, B);
    const fc = model.blocks[2].tb!.fc;
    let worst = 0;
    for (let k = 0; k < d; k++) {
      for (let i = 0; i < d; i++) worst = Math.max(worst, Math.abs(fc.weight.data[k * d + i] - X[i][k]));
      worst = Math.max(worst, Math.abs(fc.bias!.data[k] - X[d][k]));
    }
    expect(worst).toBeLessThan(2e-3);
  });

  it("fits chained blocks in dataflow order and brings the logits closer to the teacher", () => {
    const teacher = tinyVit();
    randomize(teacher, 22, 0.25);
    const batches = [images(8, 1, 28, 3)];
    const probe = images(8, 1, 28, 4);
    for (const chain of ["nearest-computed", "previous"] as const) {
      const random = applyTrex(teacher, validateParams(TREX_PARAMS, { reuse: "2,3", chain }));
      const fitted = random.clone();
      const fits = fitTransformBlocks(fitted, teacher, batches);
      expect(fits.map((f) => [f.encoder, f.source])).toEqual(chain === "previous" ? [[2, 1], [3, 2]] : [[2, 1], [3, 1]]);
      for (const f of fits) expect(f.mseAfter).toBeLessThan(f.mseBefore);
      const t = noGrad(() => teacher.forward(probe)).logits.data;
      const err = (m: typeof random) => {
        const l = noGrad(() => m.forward(probe)).logits.data;
        return l.reduce((s, v, i) => s + (v - t[i]) ** 2, 0);
      };
      expect(err(fitted)).toBeLessThan(err(random));
    }
  });
});
