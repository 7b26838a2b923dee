import type { TransformerModel } from "@trex/models";
import type { ProgressSink } from "./progress.js";
import type { TaskData } from "./task-data.js";
export interface EvalResult {
    readonly accuracy: number;
    /** Matthews correlation (the CoLA metric; reported for every set, meaningful for binary ones). */
    readonly mcc: number;
    readonly count: number;
    readonly predictions: Int32Array;
}
/** Arg-max predictions of `model` (eval mode, no gradients) on every example of `data`. */
export declare function predict(model: TransformerModel, data: TaskData, batchSize?: number, progress?: ProgressSink | null): Int32Array;
/** Accuracy and MCC of `model` on `data`. */
export declare function evaluate(model: TransformerModel, data: TaskData, options?: {
    batchSize?: number;
    progress?: ProgressSink | null;
}): EvalResult;
//# sourceMappingURL=evaluate.d.ts.map