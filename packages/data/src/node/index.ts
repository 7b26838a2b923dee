// @trex/data/node — file readers that need Node (fs, zlib); re-exports the browser-safe API.
export * from "../index.js";
export { ACCEPTABILITY_SOURCE, loadAcceptability, loadPretrainingCorpus, readSotuTexts } from "./acceptability.js";
export {
  DEFAULT_FASHION_MNIST_DIR,
  EMBEDDED_FASHION_MNIST_DIR,
  type LoadFashionMnistOptions,
  loadFashionMnist,
} from "./fashion-mnist.js";
export { IMAGE_EXTENSIONS, ImageFolderDataset, type ImageFolderIndex, scanImageFolder } from "./image-folder.js";
export { readIdxFile } from "./read-idx.js";
export { readColaTsv, readVocabFile } from "./text-files.js";
