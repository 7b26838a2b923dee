export { HwError, HwLookupError, HwPresetError, HwSpecError } from "./errors.js";
export type {
  Component,
  DynamicProductOp,
  ElementwiseOp,
  LayerNormOp,
  OpTag,
  SoftmaxOp,
  StaticProductOp,
  Workload,
  WorkloadOp,
  WorkloadOpKind,
} from "./ops.js";
export type {
  AttentionSpec,
  BlockSpec,
  ComputeAttentionSpec,
  ConvEmbeddingSpec,
  ConvLayerSpec,
  EmbeddingSpec,
  ExtraOp,
  HeadSpec,
  ModelFamily,
  ReuseAttentionSpec,
  TokenEmbeddingSpec,
  TransformLayerSpec,
  TransformerSpec,
} from "./structure.js";
export { convEmbeddingTokens, convOut, patchEmbedding } from "./structure.js";
export { validateSpec } from "./validate-spec.js";
export { opMacs, workloadFromSpec } from "./workload.js";
export type { ArchitectureOptions } from "./architectures.js";
export { architectureSpec, listArchitectures } from "./architectures.js";
export type { DeviceParams, HwPreset } from "./preset.js";
export { loadPresetFile, parsePreset, validatePreset } from "./preset.js";
export { getPreset, listPresets } from "./presets.js";
export type { CategoryValues, ComponentCost, CostCategory, CostReport, CostTriple, LayerCost } from "./cost-types.js";
export { costCategories } from "./cost-types.js";
export type { CostOptions } from "./cost.js";
export { costSpec, costWorkload } from "./cost.js";
export type { CalibratedConstants, CalibrationTarget } from "./calibrate.js";
export { applyCalibration, calibrationTarget, fitCalibration, publishedDeitS } from "./calibrate.js";
export type { GroupOp, GroupSchedule, WriteSequencing } from "./write-schedule.js";
export { scheduleGroup, writeSequencings } from "./write-schedule.js";
