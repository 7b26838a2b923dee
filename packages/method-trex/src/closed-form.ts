import type { ModelInputs, TransformerModel } from "@trex/models";
import { layerNorm, noGrad, type Tensor } from "@trex/tensor";
import { SearchOptionError } from "./errors.js";
import { geluInverse } from "./gelu-inverse.js";
import { RidgeAccumulator } from "./ridge.js";

export interface ClosedFormOptions {
  /** Ridge strength relative to the mean feature energy (λ = ridge · trace(ZᵀZ)/d); default 1e-3. */
  readonly ridge?: number;
  /** Targets are clipped to GELU_MIN + margin before inverting GELU; default 0.01. */
  readonly margin?: number;
  /**
   * The teacher's attention outputs per calibration batch (every block, as `forward(…, { returnAttention })`
   * gives them), when the caller already has them (the search fits many candidates on one calibration set).
   */
  readonly teacherAttention?: readonly (readonly Tensor[])[];
}

/** One fitted Transformation Block. Encoders are 1-based; errors are mean squared, per element. */
export interface TbFit {
  readonly encoder: number;
  readonly source: number;
  /** Token rows the fit used. */
  readonly rows: number;
  readonly lambda: number;
  /** TB output vs the teacher's attention output of this encoder, with the TB as it was before the fit. */
  readonly mseBefore: number;
  /** The same after every TB was fitted. */
  readonly mseAfter: number;
}

export const CLOSED_FORM_DEFAULTS = { ridge: 1e-3, margin: 0.01 } as const;

function mse(a: Tensor, b: Tensor): number {
  let s = 0;
  for (let i = 0; i < a.size; i++) s += (a.data[i] - b.data[i]) ** 2;
  return s;
}

/**
 * Training-free TReX: fits every Transformation Block of `model` (a TReX-applied copy of `teacher`) in
 * closed form on calibration inputs. For a reusing encoder i with source s:
 *   TB input  z = LayerNorm(a_s) (gain 1, bias 0), a_s = s's attention output in `model` itself;
 *   target    y = the teacher's attention output of encoder i (before its projection);
 *   fit       Linear by ridge regression of GELU⁻¹(y) on z (GELU inverted on its increasing branch,
 *             y clipped to GELU_MIN + margin), so GELU(W z + b) ≈ y where y is reachable.
 * Blocks are fitted in dataflow order, each on a source stream that already has the earlier fitted TBs
 * (one forward pass per group of blocks whose sources are final). The LayerNorm keeps gain 1, bias 0:
 * the Linear absorbs any affine map. Mutates `model`; returns one TbFit per reusing encoder.
 */
export function fitTransformBlocks(model: TransformerModel, teacher: TransformerModel, batches: readonly ModelInputs[], options: ClosedFormOptions = {}): TbFit[] {
  const ridge = options.ridge ?? CLOSED_FORM_DEFAULTS.ridge;
  const margin = options.margin ?? CLOSED_FORM_DEFAULTS.margin;
  if (batches.length === 0) throw new SearchOptionError("closed-form fitting needs at least one calibration batch");
  const reusing = model.blocks.filter((b) => b.mode.kind === "reuse").map((b) => b.index);
  if (reusing.length === 0) return [];
  const source = new Map(reusing.map((i) => [i, model.reuseSource(i)!] as const));
  const forward = (m: TransformerModel, inputs: ModelInputs) => noGrad(() => m.forward(inputs, { train: false, returnAttention: true })).attentionOutputs!;
  // The teacher's attention outputs of the reusing encoders, per batch (the targets of every pass).
  if (options.teacherAttention && options.teacherAttention.length !== batches.length) {
    throw new SearchOptionError(`teacherAttention has ${options.teacherAttention.length} batches for ${batches.length} calibration batches`);
  }
  const targets = batches.map((inputs, b) => {
    const outs = options.teacherAttention?.[b] ?? forward(teacher, inputs);
    return new Map(reusing.map((i) => [i, outs[i]] as const));
  });
  for (const i of reusing) {
    const tb = model.blocks[i].tb!;
    tb.norm.weight.assign(new Float32Array(tb.dim).fill(1));
    tb.norm.bias.assign(new Float32Array(tb.dim));
  }
  const fitted = new Set<number>();
  const before = new Map<number, { sq: number; n: number }>();
  const info = new Map<number, { rows: number; lambda: number }>();
  while (fitted.size < reusing.length) {
    // A block is ready once every reusing block up to its source is fitted (its input stream is final).
    const ready = reusing.filter((i) => !fitted.has(i) && reusing.every((j) => j > source.get(i)! || fitted.has(j)));
    const accs = new Map(ready.map((i) => [i, new RidgeAccumulator(model.blocks[i].tb!.dim, model.blocks[i].tb!.dim)] as const));
    for (const [b, inputs] of batches.entries()) {
      const outs = forward(model, inputs);
      for (const i of ready) {
        const tb = model.blocks[i].tb!;
        const z = layerNorm(outs[source.get(i)!], null, null, tb.norm.eps);
        const y = targets[b].get(i)!;
        const u = new Float64Array(y.size);
        for (let k = 0; k < y.size; k++) u[k] = geluInverse(y.data[k], margin);
        accs.get(i)!.add(z.data, u, y.size / tb.dim);
        const e = before.get(i) ?? { sq: 0, n: 0 };
        before.set(i, { sq: e.sq + mse(outs[i], y), n: e.n + y.size });
      }
    }
    for (const i of ready) {
      const fc = model.blocks[i].tb!.fc;
      const acc = accs.get(i)!;
      const { weight, bias, lambda } = acc.solve(ridge);
      fc.weight.assign(Float32Array.from(weight));
      fc.bias!.assign(Float32Array.from(bias));
      info.set(i, { rows: acc.rows, lambda });
      fitted.add(i);
    }
  }
  const after = new Map<number, { sq: number; n: number }>();
  for (const [b, inputs] of batches.entries()) {
    const outs = forward(model, inputs);
    for (const i of reusing) {
      const y = targets[b].get(i)!;
      const e = after.get(i) ?? { sq: 0, n: 0 };
      after.set(i, { sq: e.sq + mse(outs[i], y), n: e.n + y.size });
    }
  }
  return reusing.map((i) => ({
    encoder: i + 1,
    source: source.get(i)! + 1,
    rows: info.get(i)!.rows,
    lambda: info.get(i)!.lambda,
    mseBefore: before.get(i)!.sq / before.get(i)!.n,
    mseAfter: after.get(i)!.sq / after.get(i)!.n,
  }));
}
