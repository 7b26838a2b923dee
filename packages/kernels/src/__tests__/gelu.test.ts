import { describe, expect, test } from "vitest";
import { backends } from "./backends.js";
import { geluGradRef, geluRef } from "./reference.js";

// Exact-erf GELU and its derivative on every backend, against float64 references built from an erf power
// series and an erfc continued fraction (reference.ts). Relative error budget: the erfc approximation
// (1.2e-7), output rounding (6e-8), and — in float32 arithmetic — the rounding of x²/2 inside exp(−x²/2),
// which scales the error by ~x²·u (the condition number of erfc itself for a float32 input). Hence
// rel ≤ 4e-7 + 1.2e-7·x² (for GELU' relative to |Φ| + |x·φ|, as it crosses zero), checked on a dense grid over [−12, 12], where GELU(x) is still a normal float.

function grid(): Float32Array {
  const xs: number[] = [];
  for (let x = -12; x <= 12; x += 1 / 256) xs.push(x);
  xs.push(1e-30, -1e-30, 1e-7, -1e-7, 0.1, -0.1);
  return Float32Array.from(xs);
}

/** Worst error relative to bound(x)·scale(x), where scale is the magnitude the result is built from. */
function worstRelative(
  got: Float32Array,
  x: Float32Array,
  ref: (x: number) => number,
  scale: (x: number) => number,
): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const want = ref(x[i]);
    const bound = 4e-7 + 1.2e-7 * x[i] * x[i];
    const e = want === 0 ? Math.abs(got[i]) : Math.abs(got[i] - want) / (scale(x[i]) * bound);
    worst = Math.max(worst, e);
  }
  return worst;
}

/** x·φ(x), the second term of GELU'(x). */
function phiTerm(x: number): number {
  return (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI);
}

describe.each(backends)("gelu on $name", (K) => {
  test("GELU matches the float64 erf reference on a dense grid", () => {
    const x = grid();
    const out = new Float32Array(x.length);
    K.gelu(x, out);
    expect(worstRelative(out, x, geluRef, (v) => Math.abs(geluRef(v)))).toBeLessThanOrEqual(1);
  });

  test("GELU at large magnitudes, zero, and in place on a ragged length", () => {
    const x = new Float32Array([1e4, -1e4, 3e38, -3e38, 0, -0, 40, -40, 5]);
    K.gelu(x, x);
    expect(Array.from(x)).toEqual([1e4, -0, Math.fround(3e38), -0, 0, -0, 40, -0, Math.fround(geluRef(5))]);
  });

  test("GELU' matches the float64 derivative on a dense grid (dy scales it)", () => {
    const x = grid();
    const dy = Float32Array.from(x, (_, i) => (i % 3) - 1.5);
    const dx = new Float32Array(x.length);
    K.geluBackward(x, dy, dx);
    const scaled = Float32Array.from(dx, (v, i) => v / dy[i]);
    // GELU' = Φ + x·φ crosses zero near x = −0.75, so the error is measured against |Φ| + |x·φ|.
    const terms = (v: number) => Math.abs(geluGradRef(v) - phiTerm(v)) + Math.abs(phiTerm(v));
    expect(worstRelative(scaled, x, geluGradRef, terms)).toBeLessThanOrEqual(1);
  });
});

test("the float64 references agree with known values and with finite differences of each other", () => {
  expect(geluRef(1)).toBeCloseTo(0.8413447460685429, 15);
  expect(geluRef(-3)).toBeCloseTo(-3 * 0.0013498980316300946, 15); // Φ(−3) from tables
  for (const x of [-7, -2.5, -0.3, 0.4, 1.7, 6]) {
    const h = 1e-5;
    const fd = (geluRef(x + h) - geluRef(x - h)) / (2 * h);
    expect(Math.abs(fd - geluGradRef(x))).toBeLessThan(1e-9);
  }
});
