export type { ProductEngine, WeightHandle } from "./product-engine.js";
export { idealEngine } from "./ideal-engine.js";
export {
  ArgumentError,
  AutogradError,
  NonFiniteError,
  SerializationError,
  ShapeError,
  TensorError,
} from "./errors.js";
export type { BackwardFn, GradSlice, Shape } from "./tensor.js";
export {
  Parameter,
  Tensor,
  full,
  isGradEnabled,
  makeResult,
  noGrad,
  normAxis,
  ones,
  scalar,
  sizeOf,
  tensor,
  zeros,
} from "./tensor.js";
export { broadcastShapes, reduceToShape } from "./broadcast.js";
export { add, div, exp, log, mul, neg, pow, sigmoid, sqrt, sub } from "./elementwise.js";
export { gelu, relu, tanh } from "./activations.js";
export { concat, expand, permute, reshape, slice, transpose } from "./shape-ops.js";
export { max, mean, sum } from "./reduce.js";
export { bmm, matmul } from "./matmul.js";
export type { DynamicMatmulOptions } from "./routed-products.js";
export { dynamicMatmul, linear, weightHandle } from "./routed-products.js";
export { logSoftmax, softmax } from "./softmax.js";
export type { BatchNormOptions } from "./norm.js";
export { batchNorm, layerNorm } from "./norm.js";
export type { Conv2dOptions } from "./conv.js";
export { conv2d } from "./conv.js";
export type { IndexTensor, TopK } from "./index-ops.js";
export { embedding, gather, indexSelect, indexTensor, topk } from "./index-ops.js";
export { dropout } from "./dropout.js";
export type { CrossEntropyOptions } from "./losses.js";
export { crossEntropy, klDiv, mse, softTargetCrossEntropy } from "./losses.js";
export { Rng } from "./rng.js";
export type { TruncNormalOptions } from "./init.js";
export { fans, fill_, parameter, rand, randn, truncNormal_, xavierNormal_, xavierUniform_ } from "./init.js";
export type { Optimizer, ParamGroup } from "./optimizer.js";
export type { AdamWOptions } from "./adamw.js";
export { AdamW } from "./adamw.js";
export type { SgdOptions } from "./sgd.js";
export { Sgd } from "./sgd.js";
export type { WarmupCosineOptions } from "./schedule.js";
export { warmupCosine } from "./schedule.js";
export { clipGradNorm } from "./clip-grad.js";
export { crc32 } from "./crc32.js";
export type { LoadReport, NamedTensors } from "./serialize.js";
export { loadInto, loadTensors, saveTensors } from "./serialize.js";
