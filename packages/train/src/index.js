export { CheckpointError, DatasetLookupError, ModelResolveError, TrainError, TrainOptionError, WorkerError } from "./errors.js";
export { FMNIST_MEAN, FMNIST_STD, ImageData } from "./image-data.js";
export { TextData } from "./text-data.js";
export { DATASET_IDS, loadDataset } from "./datasets.js";
export { DEIT_LOSS, LVVIT_LOSS, checkLossWeights, defaultLossWeights, trainingLoss } from "./distillation.js";
export { exportAdamW, importAdamW } from "./optimizer-state.js";
export { decodeCheckpoint, decodeCheckpointHeader, encodeCheckpoint, } from "./checkpoint.js";
export { readCheckpointFile, writeFileAtomicSync } from "./checkpoint-file.js";
export { applyMethods, modelFromCheckpoint, modelRefKind, resolveModel } from "./load-model.js";
export { eta, formatDuration } from "./progress.js";
export { checkSettings, decayGroups, defaultSettings, stepsPerEpoch, train, } from "./trainer.js";
export { evaluate, predict } from "./evaluate.js";
export { designPresets, evaluateNonideal, getDesignPreset } from "./nonideal.js";
export { FINETUNE_DEFAULTS, budgetPlan, finetune } from "./finetune.js";
export { loadModelAndData } from "./model-and-data.js";
export { DataParallel } from "./data-parallel.js";
export { maskTokens } from "./mlm-masking.js";
export { MLM_DEFAULTS, evaluateMlm, pretrainMlm } from "./mlm-pretrain.js";
//# sourceMappingURL=index.js.map