// Complementary error function and the exact (erf-based) GELU in float64, shared by the TypeScript
// backend. The same rational approximation is used by the WASM kernels (assembly/gelu.ts), vectorised.

/** Coefficients c0..c9 of the exponent polynomial Σ cᵢ·tⁱ (evaluated by Horner from c9 down). */
const ERFC_COEFFS = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223,
  0.17087277,
] as const;

/**
 * erfc(x) by the Chebyshev-fitted formula of Numerical Recipes (§6.2, `erfcc`): fractional error below
 * 1.2e-7 for every x, i.e. about two float32 ulps — and, unlike 1 − erf(x), it keeps that *relative*
 * accuracy deep in the tail, where GELU(x) for negative x is tiny.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  let poly = 0;
  for (let i = ERFC_COEFFS.length - 1; i >= 0; i--) poly = ERFC_COEFFS[i] + t * poly;
  const r = t * Math.exp(-z * z + poly);
  return x >= 0 ? r : 2 - r;
}

/** erf(x) = 1 − erfc(x); absolute error below 1.2e-7. */
export function erf(x: number): number {
  return 1 - erfc(x);
}

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;

/** GELU(x) = x·Φ(x) = ½·x·erfc(−x/√2); relative error ≈ that of erfc (≤ 1.2e-7) for every x. */
export function geluScalar(x: number): number {
  return 0.5 * x * erfc(-x * SQRT1_2);
}

/** GELU'(x) = Φ(x) + x·φ(x), with Φ(x) = ½·erfc(−x/√2) and φ the standard normal density. */
export function geluGradScalar(x: number): number {
  return 0.5 * erfc(-x * SQRT1_2) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}
