import type { TransformerModel } from "@trex/models";
import type { ProgressSink } from "./progress.js";
import type { TaskData } from "./task-data.js";
/** A device design for the two kinds of product: static weights and run-time-written operands (Kᵀ, V). */
export interface DesignPreset {
    readonly static: string;
    readonly dynamic: string;
}
/**
 * Design ids: every @trex/xbar preset on both kinds of product, plus "hybrid" — FeFET for static weights
 * and SRAM for QKᵀ and S·V, the paper's best trade-off.
 */
export declare function designPresets(): Record<string, DesignPreset>;
export declare function getDesignPreset(id: string): DesignPreset;
export interface NonidealResult {
    readonly mean: number;
    readonly std: number;
    readonly seeds: number[];
    readonly values: number[];
    /** MCC per seed (same order as values). */
    readonly mcc: number[];
}
/**
 * Accuracy with the crossbar non-idealities simulated: for each seed a fresh CrossbarEngine (programming
 * variation, read noise, ADC quantisation drawn from that seed) runs every static and dynamic product of
 * the model. std is the sample standard deviation (n − 1; 0 for one seed). The model's engines are
 * restored to ideal afterwards.
 */
export declare function evaluateNonideal(model: TransformerModel, data: TaskData, options: {
    preset: string;
    seeds: readonly number[];
    batchSize?: number;
    progress?: ProgressSink | null;
}): NonidealResult;
//# sourceMappingURL=nonideal.d.ts.map