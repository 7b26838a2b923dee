import { SearchOptionError } from "./errors.js";

/**
 * Accumulates the normal equations of a multi-output linear fit u ≈ W z + b in float64, one batch of
 * rows at a time, and solves them by ridge regression: (ZᵀZ + λ·I_d) with an unpenalised bias column.
 * λ = ridge · trace(ZᵀZ) / d, so `ridge` is relative to the mean feature energy and scale-free.
 */
export class RidgeAccumulator {
  /** [Z 1]ᵀ[Z 1], (d+1)², upper triangle filled. */
  private readonly gram: Float64Array;
  /** [Z 1]ᵀ U, (d+1) × outputs. */
  private readonly cross: Float64Array;
  rows = 0;

  constructor(
    readonly inputs: number,
    readonly outputs: number,
  ) {
    this.gram = new Float64Array((inputs + 1) * (inputs + 1));
    this.cross = new Float64Array((inputs + 1) * outputs);
  }

  /** Adds `rows` rows: z [rows, inputs] (row-major), u [rows, outputs]. */
  add(z: ArrayLike<number>, u: ArrayLike<number>, rows: number): void {
    const d = this.inputs;
    const o = this.outputs;
    const n1 = d + 1;
    const zr = new Float64Array(n1);
    for (let r = 0; r < rows; r++) {
      for (let a = 0; a < d; a++) zr[a] = z[r * d + a];
      zr[d] = 1;
      for (let a = 0; a < n1; a++) {
        const za = zr[a];
        if (za === 0) continue;
        const g = a * n1;
        for (let b = a; b < n1; b++) this.gram[g + b] += za * zr[b];
        const c = a * o;
        const ur = r * o;
        for (let k = 0; k < o; k++) this.cross[c + k] += za * u[ur + k];
      }
    }
    this.rows += rows;
  }

  /** Solves for W [outputs, inputs] (PyTorch Linear layout) and b [outputs]. */
  solve(ridge: number): { weight: Float64Array; bias: Float64Array; lambda: number } {
    if (!(Number.isFinite(ridge) && ridge >= 0)) throw new SearchOptionError(`ridge ${ridge} must be a finite number >= 0`);
    if (this.rows === 0) throw new SearchOptionError("the ridge fit has no rows; give a calibration set with at least one example");
    const d = this.inputs;
    const o = this.outputs;
    const n1 = d + 1;
    const a = new Float64Array(n1 * n1);
    for (let i = 0; i < n1; i++) for (let j = i; j < n1; j++) a[i * n1 + j] = a[j * n1 + i] = this.gram[i * n1 + j];
    let trace = 0;
    for (let i = 0; i < d; i++) trace += a[i * n1 + i];
    const lambda = (ridge * trace) / Math.max(1, d);
    for (let i = 0; i < d; i++) a[i * n1 + i] += lambda;
    // Cholesky A = L Lᵀ (A is SPD once λ > 0 or the features have full rank).
    const l = new Float64Array(n1 * n1);
    for (let i = 0; i < n1; i++) {
      for (let j = 0; j <= i; j++) {
        let s = a[i * n1 + j];
        for (let k = 0; k < j; k++) s -= l[i * n1 + k] * l[j * n1 + k];
        if (i === j) {
          if (!(s > 0)) {
            throw new SearchOptionError(
              `the calibration features are rank-deficient (pivot ${i} is ${s}); raise ridge above ${ridge} or give more calibration examples`,
            );
          }
          l[i * n1 + i] = Math.sqrt(s);
        } else {
          l[i * n1 + j] = s / l[j * n1 + j];
        }
      }
    }
    const x = new Float64Array(n1 * o);
    const y = new Float64Array(n1);
    for (let k = 0; k < o; k++) {
      for (let i = 0; i < n1; i++) {
        let s = this.cross[i * o + k];
        for (let j = 0; j < i; j++) s -= l[i * n1 + j] * y[j];
        y[i] = s / l[i * n1 + i];
      }
      for (let i = n1 - 1; i >= 0; i--) {
        let s = y[i];
        for (let j = i + 1; j < n1; j++) s -= l[j * n1 + i] * x[j * o + k];
        x[i * o + k] = s / l[i * n1 + i];
      }
    }
    const weight = new Float64Array(o * d);
    const bias = new Float64Array(o);
    for (let k = 0; k < o; k++) {
      for (let i = 0; i < d; i++) weight[k * d + i] = x[i * o + k];
      bias[k] = x[d * o + k];
    }
    return { weight, bias, lambda };
  }
}
