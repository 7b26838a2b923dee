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
