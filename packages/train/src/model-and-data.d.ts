import { type LoadDatasetOptions } from "./datasets.js";
import { type MethodSource, type ResolvedModel } from "./load-model.js";
import type { TaskData } from "./task-data.js";
/**
 * Resolves `--model` and `--dataset` together: a trained text model brings its vocabulary (the data is
 * tokenized with it); a fresh init takes the dataset's (its embedding is sized to it).
 */
export declare function loadModelAndData(modelRef: string, datasetRef: string, options: Omit<LoadDatasetOptions, "vocab"> & {
    registry?: MethodSource | null;
    preferInit?: boolean;
}): Promise<{
    resolved: ResolvedModel;
    data: TaskData;
}>;
//# sourceMappingURL=model-and-data.d.ts.map