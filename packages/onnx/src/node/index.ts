export type { InputNames } from "./run-onnxruntime.js";
export { runOnnxRuntime } from "./run-onnxruntime.js";
