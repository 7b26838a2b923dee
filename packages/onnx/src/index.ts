export { OnnxError, OnnxExportError, OnnxImportError, OnnxInputError, OnnxParseError } from "./errors.js";
export type { OnnxLocation } from "./errors.js";
export { importOnnx } from "./import-onnx.js";
export { IDENTITY_BN_EPS, IDENTITY_VAR } from "./import-vision.js";
export type { BuilderAttribute, TensorLike } from "./onnx-graph-builder.js";
export { EXPORT_OPSET, OnnxGraphBuilder } from "./onnx-graph-builder.js";
export type { EmittableModel, ExportedOnnx } from "./export-onnx.js";
export { exportOnnx } from "./export-onnx.js";
export type { InputSpec, ModelFeeds, SeededInputOptions } from "./seeded-inputs.js";
export { seededInputs } from "./seeded-inputs.js";
export type { OnnxModelInfo } from "./model-info.js";
export { onnxModelInfo } from "./model-info.js";
export { inputSpecFor, maxAbsDiff, modelLogits, toModelInputs } from "./run-model.js";
export type {
  ImportConfig,
  ImportedModel,
  MatchRecord,
  NamedArray,
  OnnxFamily,
} from "./types.js";
