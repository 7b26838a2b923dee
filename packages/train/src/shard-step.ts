import type { TransformerModel } from "@trex/models";
import { noGrad, type Parameter } from "@trex/tensor";
import { type LossTerms, type LossWeights, trainingLoss } from "./distillation.js";
import type { ShardTerms } from "./replica-spec.js";
import type { ImageAugment, TaskData } from "./task-data.js";
import { TeacherTable } from "./teacher-table.js";

/**
 * Forward, loss and backward of one (shard of a) batch, leaving the gradients in the parameters' `.grad`
 * (cleared first). The single-thread trainer, the main thread's shard and every worker run this.
 */
export function shardBackward(
  model: TransformerModel,
  teacher: TransformerModel | TeacherTable | null,
  data: TaskData,
  indices: Int32Array,
  augment: ImageAugment | undefined,
  trainSeed: number,
  loss: LossWeights,
  params: readonly Parameter[],
): LossTerms {
  const batch = data.batch(indices, augment);
  const sites = (loss.tokenSite ?? 0) > 0 ? batch.tokenTargets : undefined;
  const out = model.forward(batch.inputs, { train: true, seed: trainSeed, tokenLogits: sites !== undefined });
  const tOut =
    teacher instanceof TeacherTable ? { logits: teacher.lookup(indices, batch.flipped) } : teacher ? noGrad(() => teacher.forward(batch.inputs, { train: false })) : null;
  const terms = trainingLoss(out, batch.labels, tOut, loss, sites);
  for (const p of params) p.grad = null;
  terms.total.backward();
  return terms;
}

export const plainTerms = (t: LossTerms): ShardTerms => ({ total: t.total.data[0], ce: t.ce, distill: t.distill, clsKl: t.clsKl, tokenLabel: t.tokenLabel, tokenSite: t.tokenSite });

/**
 * All parameters' gradients in one array, in `params` order; a parameter without a gradient gives zeros
 * and `present[i] = 0` (AdamW skips a parameter whose gradient is null, so "none" must stay distinguishable).
 */
export function flattenGrads(params: readonly Parameter[]): { grads: Float32Array; present: Uint8Array } {
  const grads = new Float32Array(params.reduce((n, p) => n + p.size, 0));
  const present = new Uint8Array(params.length);
  let o = 0;
  for (const [i, p] of params.entries()) {
    if (p.grad) {
      grads.set(p.grad, o);
      present[i] = 1;
    }
    o += p.size;
  }
  return { grads, present };
}

/** All parameters' values in one array, in `params` order. */
export function flattenParams(params: readonly Parameter[]): Float32Array {
  const out = new Float32Array(params.reduce((n, p) => n + p.size, 0));
  let o = 0;
  for (const p of params) {
    out.set(p.data, o);
    o += p.size;
  }
  return out;
}

/** Writes `flat` (from flattenParams of an identically built model) back into the parameters. */
export function assignFlatParams(params: readonly Parameter[], flat: Float32Array): void {
  let o = 0;
  for (const p of params) {
    p.data.set(flat.subarray(o, o + p.size));
    p.markUpdated();
    o += p.size;
  }
}
