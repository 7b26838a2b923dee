import { loadDataset } from "./datasets.js";
import { modelRefKind, resolveModel } from "./load-model.js";
/**
 * Resolves `--model` and `--dataset` together: a trained text model brings its vocabulary (the data is
 * tokenized with it); a fresh init takes the dataset's (its embedding is sized to it).
 */
export async function loadModelAndData(modelRef, datasetRef, options) {
    const { registry, preferInit, ...dataOptions } = options;
    const kind = modelRefKind(modelRef, { cwd: options.cwd, preferInit });
    if (kind !== "init") {
        const resolved = await resolveModel(modelRef, { cwd: options.cwd, registry });
        const data = loadDataset(datasetRef, { ...dataOptions, vocab: resolved.header?.tokenizer?.vocab });
        return { resolved, data };
    }
    const data = loadDataset(datasetRef, dataOptions);
    const resolved = await resolveModel(modelRef, { cwd: options.cwd, registry, preferInit: true, overrides: data.modelOverrides });
    return { resolved, data };
}
//# sourceMappingURL=model-and-data.js.map