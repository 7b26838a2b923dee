// @trex/data — browser-safe entry: nothing here imports a Node API. File readers live in
// `@trex/data/node`, which re-exports all of this too.
export { DataError, DataFormatError, DataOptionError, DatasetNotFoundError, TextFormatError } from "./errors.js";
export { encodeIdx, type IdxArray, type IdxDtype, parseIdx } from "./idx.js";
export {
  FASHION_MNIST_CLASSES,
  type FashionMnist,
  type FashionMnistSource,
  fashionMnistFromIdx,
} from "./fashion-mnist.js";
