// GELU(x) = x·Φ(x) is not one-to-one: it falls to a minimum at x* ≈ −0.7518 and rises after. The closed-form
// fit inverts it on the right branch x ≥ x*, the only one that reaches every output above the minimum.

/** erf to ~1e-15 (series for |x| < 3, continued fraction beyond): float64 reference quality. */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 3) {
    // Maclaurin series: erf x = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1)).
    let term = ax;
    let sum = ax;
    const x2 = ax * ax;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    const v = (2 / Math.sqrt(Math.PI)) * sum;
    return x < 0 ? -v : v;
  }
  // erfc by Lentz's continued fraction.
  let f = ax;
  let c = ax;
  let d = 0;
  for (let n = 1; n < 300; n++) {
    const a = n / 2;
    d = ax + a * d;
    d = d === 0 ? 1e-300 : 1 / d;
    c = ax + a / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / (Math.sqrt(Math.PI) * f);
  return x < 0 ? erfc - 1 : 1 - erfc;
}

const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
const Phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));

/** Exact GELU in float64. */
export function gelu64(x: number): number {
  return x * Phi(x);
}

function argmin(): number {
  // d/dx GELU = Φ(x) + x·φ(x) has one root; bisection on [−2, 0].
  let lo = -2;
  let hi = 0;
  for (let k = 0; k < 80; k++) {
    const mid = (lo + hi) / 2;
    if (Phi(mid) + mid * phi(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Where GELU is smallest (≈ −0.75179) and its value there (≈ −0.16997). */
export const GELU_ARGMIN = argmin();
export const GELU_MIN = gelu64(GELU_ARGMIN);

/**
 * The pre-activation x ≥ GELU_ARGMIN with GELU(x) = y, for y clipped to at least GELU_MIN + `margin`
 * (outputs below that are unreachable, and the inverse is ill-conditioned next to the minimum).
 */
export function geluInverse(y: number, margin = 0.01): number {
  const target = Math.max(y, GELU_MIN + margin);
  // Bracket on the increasing branch, then Newton steps guarded by bisection.
  let lo = GELU_ARGMIN;
  let hi = Math.max(1, target + 1);
  while (gelu64(hi) < target) hi *= 2;
  let x = target > 0 ? Math.min(Math.max(target, lo), hi) : (lo + Math.min(hi, 0)) / 2;
  for (let k = 0; k < 60; k++) {
    const f = gelu64(x) - target;
    if (Math.abs(f) < 1e-13) break;
    if (f > 0) hi = x;
    else lo = x;
    const step = f / (Phi(x) + x * phi(x));
    let next = x - step;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    x = next;
  }
  return x;
}
