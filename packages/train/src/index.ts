export { CheckpointError, DatasetLookupError, ModelResolveError, TrainError, TrainOptionError, WorkerError } from "./errors.js";
export type { Batch, DatasetInfo, ImageAugment, TaskData } from "./task-data.js";
export { FMNIST_MEAN, FMNIST_STD, ImageData, type ImageDataOptions } from "./image-data.js";
export { TextData, type TextDataOptions } from "./text-data.js";
export { DATASET_IDS, type LoadDatasetOptions, loadDataset } from "./datasets.js";
export { DEIT_LOSS, LVVIT_LOSS, type LossTerms, type LossWeights, checkLossWeights, defaultLossWeights, type TeacherOutput, trainingLoss } from "./distillation.js";
export { TeacherTable, type TeacherTableData } from "./teacher-table.js";
export { exportAdamW, importAdamW } from "./optimizer-state.js";
export {
  type Checkpoint,
  type CheckpointHeader,
  type MethodRecord,
  type ResumeRecord,
  type TokenizerRecord,
  type TrainingRecord,
  decodeCheckpoint,
  decodeCheckpointHeader,
  encodeCheckpoint,
} from "./checkpoint.js";
export { readCheckpointFile, writeFileAtomicSync } from "./checkpoint-file.js";
export { type MethodSource, type ResolvedModel, applyMethods, modelFromCheckpoint, modelRefKind, resolveModel } from "./load-model.js";
export { type ProgressSink, eta, formatDuration } from "./progress.js";
export {
  type TrainResult,
  type TrainRunOptions,
  type TrainSettings,
  type TrainSnapshot,
  checkSettings,
  decayGroups,
  defaultSettings,
  stepsPerEpoch,
  train,
} from "./trainer.js";
export { type EvalResult, evaluate, predict } from "./evaluate.js";
export { type DesignPreset, type NonidealResult, designPresets, evaluateNonideal, getDesignPreset } from "./nonideal.js";
export { FINETUNE_DEFAULTS, budgetPlan, finetune } from "./finetune.js";
export { loadModelAndData } from "./model-and-data.js";
export type { DatasetRef, PluginSource, ReplicaHook, ReplicaSpec, ShardTerms } from "./replica-spec.js";
export { DataParallel } from "./data-parallel.js";
export { type MaskedBatch, type MaskingOptions, maskTokens } from "./mlm-masking.js";
export { MLM_DEFAULTS, type MlmEval, type MlmResult, type MlmRunOptions, type MlmSettings, evaluateMlm, pretrainMlm } from "./mlm-pretrain.js";
