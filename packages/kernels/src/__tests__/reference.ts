// Test helpers: seeded random data and float64 references written independently of both backends
// (no code shared with src/): naive triple-loop GEMM on explicitly transposed copies, and erf/erfc by
// power series and continued fraction (not the rational approximation the kernels use).

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n uniform floats in [−scale, scale) from the given seed. */
export function randomArray(seed: number, n: number, scale = 1): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * r() - 1) * scale;
  return out;
}

/** The rows×cols matrix stored in x, transposed (cols×rows). */
export function transpose(x: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = x[r * cols + c];
  return t;
}

/**
 * Float64 product of row-major a (m×k) and b (k×n), no transposes (callers transpose explicitly), plus
 * Σ|a||b| per entry: the scale of the float32 rounding error of any summation order.
 */
export function matmulF64(a: Float32Array, b: Float32Array, m: number, n: number, k: number) {
  const value = new Float64Array(m * n);
  const magnitude = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let g = 0;
      for (let p = 0; p < k; p++) {
        const t = a[i * k + p] * b[p * n + j];
        s += t;
        g += Math.abs(t);
      }
      value[i * n + j] = s;
      magnitude[i * n + j] = g;
    }
  }
  return { value, magnitude };
}

/** Unit roundoff of float32. */
export const U32 = 2 ** -24;

/** erf(x) for |x| ≤ 3 by the all-positive series 2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3···(2n+1)). */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

/** erfc(x) for x ≥ 3 by the continued fraction e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))). */
function erfcFraction(x: number): number {
  let f = x;
  for (let n = 120; n >= 1; n--) f = x + n / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** erfc in float64 (relative error ~1e-14 or better for every finite x). */
export function erfcRef(x: number): number {
  if (x < 0) return 2 - erfcRef(-x);
  return x < 3 ? 1 - erfSeries(x) : erfcFraction(x);
}

/** GELU(x) = ½·x·erfc(−x/√2) in float64. */
export function geluRef(x: number): number {
  return 0.5 * x * erfcRef(-x / Math.SQRT2);
}

/** GELU'(x) = Φ(x) + x·φ(x) in float64. */
export function geluGradRef(x: number): number {
  return 0.5 * erfcRef(-x / Math.SQRT2) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI);
}
