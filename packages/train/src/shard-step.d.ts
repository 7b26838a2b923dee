import type { TransformerModel } from "@trex/models";
import { type Parameter } from "@trex/tensor";
import { type LossTerms, type LossWeights } from "./distillation.js";
import type { ShardTerms } from "./replica-spec.js";
import type { TaskData } from "./task-data.js";
/**
 * Forward, loss and backward of one (shard of a) batch, leaving the gradients in the parameters' `.grad`
 * (cleared first). The single-thread trainer, the main thread's shard and every worker run this.
 */
export declare function shardBackward(model: TransformerModel, teacher: TransformerModel | null, data: TaskData, indices: Int32Array, augmentSeed: number | undefined, trainSeed: number, loss: LossWeights, params: readonly Parameter[]): LossTerms;
export declare const plainTerms: (t: LossTerms) => ShardTerms;
/**
 * All parameters' gradients in one array, in `params` order; a parameter without a gradient gives zeros
 * and `present[i] = 0` (AdamW skips a parameter whose gradient is null, so "none" must stay distinguishable).
 */
export declare function flattenGrads(params: readonly Parameter[]): {
    grads: Float32Array;
    present: Uint8Array;
};
/** All parameters' values in one array, in `params` order. */
export declare function flattenParams(params: readonly Parameter[]): Float32Array;
/** Writes `flat` (from flattenParams of an identically built model) back into the parameters. */
export declare function assignFlatParams(params: readonly Parameter[], flat: Float32Array): void;
//# sourceMappingURL=shard-step.d.ts.map