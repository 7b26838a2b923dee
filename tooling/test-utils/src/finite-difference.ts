import { seededRandom } from "./random.js";

// Gradient checking in float64 around a float32 engine. The checked scalar is L = Σ c·y for a seeded
// random cotangent c, accumulated in float64 from the op's (float32) output y; the analytic side is
// the engine's vector–Jacobian product with the same c. Steps are taken on the float32 inputs and the
// exact difference of the rounded inputs is the denominator, so rounding of the step itself adds no error.

export interface FiniteDifferenceOptions {
  /** The input buffers the function reads; each element is perturbed in place and restored. */
  inputs: Float32Array[];
  /** Evaluates the function's output from the current input buffers (no gradient recording needed). */
  forward: () => ArrayLike<number>;
  /**
   * Gradients of L = Σ cotangent·output with respect to each input (null for an input that is not
   * checked), computed by the code under test.
   */
  analytic: (cotangent: Float32Array) => (ArrayLike<number> | null)[];
  /** Seed of the cotangent. */
  seed: number;
  /** Step size (absolute); default 1e-2 (float32 outputs make smaller steps noisier, not more exact). */
  h?: number;
  /** Relative tolerance; default 1e-2. */
  rtol?: number;
  /** Absolute tolerance; default 1e-3. */
  atol?: number;
}

export interface FiniteDifferenceResult {
  ok: boolean;
  /** Number of gradient entries compared. */
  checked: number;
  maxAbsError: number;
  /** Human-readable summary naming the worst entry; use as the assertion message. */
  message: string;
}

function weighted(y: ArrayLike<number>, c: Float32Array): number {
  if (y.length !== c.length) throw new Error(`finiteDifferenceCheck: output length changed from ${c.length} to ${y.length}.`);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += c[i] * y[i];
  return s;
}

/** Compares analytic gradients with float64 central differences; see FiniteDifferenceOptions. */
export function finiteDifferenceCheck(opts: FiniteDifferenceOptions): FiniteDifferenceResult {
  const h = opts.h ?? 1e-2;
  const rtol = opts.rtol ?? 1e-2;
  const atol = opts.atol ?? 1e-3;
  const y0 = opts.forward();
  const rnd = seededRandom(opts.seed);
  const cot = new Float32Array(y0.length);
  for (let i = 0; i < cot.length; i++) cot[i] = 2 * rnd() - 1;
  const grads = opts.analytic(cot);
  let checked = 0;
  let maxAbs = 0;
  let worst = "";
  let worstExcess = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < opts.inputs.length; k++) {
    const x = opts.inputs[k];
    const g = grads[k];
    if (g === null || g === undefined) continue;
    if (g.length !== x.length) {
      return { ok: false, checked, maxAbsError: Number.NaN, message: `input ${k}: gradient has ${g.length} entries, input ${x.length}` };
    }
    for (let j = 0; j < x.length; j++) {
      const orig = x[j];
      x[j] = orig + h;
      const xp = x[j];
      const fp = weighted(opts.forward(), cot);
      x[j] = orig - h;
      const xm = x[j];
      const fm = weighted(opts.forward(), cot);
      x[j] = orig;
      const num = (fp - fm) / (xp - xm);
      const err = Math.abs(g[j] - num);
      // A NaN on either side is a failure, never a silent pass.
      const excess = Number.isNaN(err) ? Number.POSITIVE_INFINITY : err - (atol + rtol * Math.max(Math.abs(g[j]), Math.abs(num)));
      checked++;
      maxAbs = Math.max(maxAbs, err);
      if (excess > worstExcess) {
        worstExcess = excess;
        worst = `input ${k}[${j}]: analytic ${g[j]}, numeric ${num} (|diff| ${err.toExponential(2)})`;
      }
    }
  }
  const ok = worstExcess <= 0;
  return {
    ok,
    checked,
    maxAbsError: maxAbs,
    message: `${ok ? "gradients match" : "gradient mismatch"} over ${checked} entries (rtol ${rtol}, atol ${atol}); worst ${worst}`,
  };
}
