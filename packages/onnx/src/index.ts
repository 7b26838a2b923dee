export { OnnxError, OnnxExportError, OnnxImportError, OnnxInputError, OnnxParseError } from "./errors.js";
export type { OnnxLocation } from "./errors.js";
export { importOnnx } from "./import-onnx.js";
export { IDENTITY_BN_EPS, IDENTITY_VAR } from "./import-vision.js";
export type {
  BertImportConfig,
  ImportConfig,
  ImportedModel,
  MatchRecord,
  NamedArray,
  OnnxFamily,
  VisionImportConfig,
} from "./types.js";
