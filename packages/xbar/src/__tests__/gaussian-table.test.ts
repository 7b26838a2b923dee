import { erfc } from "@trex/kernels";
import { describe, expect, it } from "vitest";
import { GAUSS_TABLE_SIZE, gaussianQuantileTable, normalQuantile, Rng } from "../index.js";

const phi = (z: number): number => 0.5 * erfc(-z / Math.SQRT2);

describe("read-noise quantile table", () => {
  it("Φ⁻¹ agrees with erfc-based Φ (independent implementation)", () => {
    for (const p of [1e-6, 0.001, 0.02, 0.1, 0.3, 0.5, 0.77, 0.975, 0.999999]) {
      expect(Math.abs(phi(normalQuantile(p)) - p) / Math.min(p, 1 - p)).toBeLessThan(1e-6);
    }
  });

  it("is symmetric, increasing, unit variance, tails near ±3.8σ", () => {
    const t = gaussianQuantileTable();
    expect(t.length).toBe(GAUSS_TABLE_SIZE);
    let ss = 0;
    for (let k = 0; k < t.length; k++) {
      ss += t[k] * t[k];
      if (k > 0) expect(t[k]).toBeGreaterThan(t[k - 1]);
      expect(t[k]).toBeCloseTo(-t[t.length - 1 - k], 5);
    }
    expect(ss / t.length).toBeCloseTo(1, 5);
    expect(t[t.length - 1]).toBeGreaterThan(3.77);
    expect(t[t.length - 1]).toBeLessThan(3.9);
  });
});

describe("Rng", () => {
  it("is reproducible per seed and its normals have mean 0, variance 1", () => {
    const a = new Rng(5);
    const b = new Rng(5);
    for (let i = 0; i < 10; i++) expect(a.nextU32()).toBe(b.nextU32());
    const r = new Rng(6);
    let s = 0;
    let s2 = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.015);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
  });
});
