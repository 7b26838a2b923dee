// @trex/data — browser-safe entry: nothing here imports a Node API. File readers live in
// `@trex/data/node`, which re-exports all of this too.
export {
  type AcceptabilityDataset,
  type AcceptabilityOptions,
  type AcceptabilitySplit,
  buildAcceptabilityDataset,
} from "./acceptability.js";
export { pretrainingSentences } from "./acceptability-corpus.js";
export { randomCropFlip, randomCropFlipWithDraws, type RandomCropFlipOptions } from "./augment.js";
export { type ColaSplit, parseColaTsv } from "./cola.js";
export { buildCorruptionPairs, type CorruptionPairs } from "./corruption-pairs.js";
export { CORRUPTIONS, type CorruptedSentence, type Corruption, corruptSentence, corruptSentenceWithSites, DELETABLE_WORDS } from "./corruptions.js";
export { DataLoader, type DataLoaderOptions, gatherRows } from "./data-loader.js";
export { DataError, DataFormatError, DataOptionError, DatasetNotFoundError, TextFormatError } from "./errors.js";
export {
  FASHION_MNIST_CLASSES,
  type FashionMnist,
  type FashionMnistSource,
  fashionMnistFromIdx,
} from "./fashion-mnist.js";
export { encodeIdx, type IdxArray, type IdxDtype, parseIdx } from "./idx.js";
export { decodeImage, decodeJpeg, decodePng, type RgbImage, sniffImageFormat } from "./image-decode.js";
export { accuracy, confusionMatrix, mcc } from "./metrics.js";
export { checkSeed, mixSeeds, mulberry32, randInt, shuffledIndices } from "./rng.js";
export { extractSentences, type SentenceFilter, splitSentences } from "./sentences.js";
export {
  bicubicCoefficients,
  bicubicKernel,
  centerCrop,
  DEFAULT_CROP_PCT,
  type EvalTransformOptions,
  IMAGENET_DEFAULT_MEAN,
  IMAGENET_DEFAULT_STD,
  imagenetEvalTransform,
  resizeBicubic,
  roundHalfEven,
  shorterSideSize,
} from "./transforms.js";
export { buildWordPieceVocab, type VocabBuilderOptions } from "./vocab-builder.js";
export {
  BERT_SPECIAL_TOKENS,
  type BasicTokenizeOptions,
  basicTokenize,
  type Encoding,
  type EncodeOptions,
  parseVocab,
  WordPieceTokenizer,
  wordpiece,
} from "./wordpiece.js";
