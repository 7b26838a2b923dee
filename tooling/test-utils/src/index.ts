export type { FiniteDifferenceOptions, FiniteDifferenceResult } from "./finite-difference.js";
export { finiteDifferenceCheck } from "./finite-difference.js";
export type { OnnxAttribute, OnnxGraph, OnnxNode, OnnxResult, OnnxValue } from "./onnx-graph.js";
export { buildOnnxModel, runOnnxGraph, runOnnxNode } from "./onnx-graph.js";
export { randomDistinct, randomFloat32, randomInt32, randomNormal, randomShape, seededRandom } from "./random.js";
