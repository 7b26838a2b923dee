import type { TransformerModel } from "@trex/models";
import type { FinetuneBudget } from "@trex/registry";
import type { ProgressSink } from "./progress.js";
import type { ReplicaSpec } from "./replica-spec.js";
import type { TaskData } from "./task-data.js";
import { type TrainSettings } from "./trainer.js";
/** Defaults of a fine-tuning run (the lr is lower than training from scratch). */
export declare const FINETUNE_DEFAULTS: {
    readonly lr: 0.0002;
    readonly batchSize: 64;
    readonly epochs: 1;
};
/**
 * The training set and step count a budget buys: dataFraction picks a seeded subset (`indices` into
 * `data`, null when the whole set is used); steps win over epochs.
 */
export declare function budgetPlan(data: TaskData, budget: FinetuneBudget, batchSize?: number): {
    data: TaskData;
    steps: number;
    indices: Int32Array | null;
};
/**
 * What method plugins call after `apply`: fine-tune `model` in place on `data`, distilling from `teacher`
 * (the unmodified model) with the family's TReX loss, within `budget`. Returns the model.
 * Data-parallel: `settings.workers` N > 1 with `replicas` describing the model's methods and `data`
 * (its dataset reference); a budget's data fraction is applied to the reference here.
 */
export declare function finetune(model: TransformerModel, teacher: TransformerModel | null, data: TaskData, budget: FinetuneBudget, options?: {
    settings?: Partial<TrainSettings>;
    progress?: ProgressSink | null;
    replicas?: ReplicaSpec | null;
}): Promise<TransformerModel>;
//# sourceMappingURL=finetune.d.ts.map