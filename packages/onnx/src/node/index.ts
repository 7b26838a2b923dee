export type { CheckOnnxOptions, CheckOnnxReport } from "./check-onnx.js";
export { checkOnnx } from "./check-onnx.js";
export type { InputNames } from "./run-onnxruntime.js";
export { runOnnxRuntime } from "./run-onnxruntime.js";
