import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { buildCorruptionPairs, buildWordPieceVocab, WordPieceTokenizer } from "@trex/data";
import { ImageFolderDataset, loadAcceptability, loadFashionMnist, loadPretrainingCorpus, readColaTsv, readVocabFile } from "@trex/data/node";
import { DatasetLookupError } from "./errors.js";
import { FMNIST_MEAN, FMNIST_STD, ImageData } from "./image-data.js";
import type { TaskData } from "./task-data.js";
import { TextData } from "./text-data.js";

/** Built-in dataset ids. */
export const DATASET_IDS = ["fmnist", "accept", "accept-corpus"] as const;

export interface LoadDatasetOptions {
  /** "train" for training; "eval" = Fashion-MNIST's test split, the acceptability held-out split, CoLA dev. */
  split: "train" | "eval";
  /** Keep the first `limit` examples. */
  limit?: number;
  /** Resolves relative paths (default process.cwd()). */
  cwd?: string;
  /** Text: the model's vocabulary (from its checkpoint); otherwise the dataset's own. */
  vocab?: readonly string[];
  /** Text: tokens per example (default 64, the bert-accept position table). */
  maxLength?: number;
  /** Image folders: side of the eval transform's centre crop (default 224). */
  imageSize?: number;
}

const FMNIST_CLASSES = 10;
const INSTALL_HINT = "install the full set with `apt-get install dataset-fashion-mnist` (or set TREX_FMNIST_DIR)";

function fmnist(split: "train" | "eval", dir: string | undefined, limit: number | undefined, id: string): TaskData {
  const d = loadFashionMnist({ split: split === "train" ? "train" : "test", dir, limit });
  const source = d.source === "embedded" ? `fashion-mnist embedded subset (${INSTALL_HINT})` : "fashion-mnist files";
  return new ImageData({
    info: { id, split, source, path: d.path },
    images: d.images,
    labels: d.labels,
    channels: 1,
    rows: d.rows,
    cols: d.cols,
    numClasses: FMNIST_CLASSES,
    mean: FMNIST_MEAN,
    std: FMNIST_STD,
  });
}

function accept(o: LoadDatasetOptions): TaskData {
  const a = loadAcceptability({ seed: 0 });
  const s = o.split === "train" ? a.train : a.heldOut;
  const data = new TextData({
    info: { id: "accept", split: o.split, source: "acceptability (State of the Union sentences, seed 0)", path: null },
    sentences: s.sentences,
    labels: s.labels,
    numClasses: 2,
    tokenizer: new WordPieceTokenizer(o.vocab ? [...o.vocab] : a.vocab),
    maxLength: o.maxLength ?? 64,
  });
  return o.limit !== undefined ? data.take(o.limit) : data;
}

/** Corrupted twins per corpus sentence in `accept-corpus` (fresh damage each time a sentence comes round again). */
export const ACCEPT_CORPUS_VARIANTS = 8;

/**
 * `accept-corpus`: the acceptability task with many more training pairs. Train: every State of the Union
 * sentence of the task's length (5–20 words) outside the held-out split, paired ACCEPT_CORPUS_VARIANTS
 * times with a corrupted twin made by the same rule (each pairing with its own seed, so a long run sees
 * new damage instead of memorising one twin), the damaged words marked for the token-level site loss.
 * Eval: accept's held-out split, unchanged, so scores compare with `accept`.
 */
function acceptCorpus(o: LoadDatasetOptions): TaskData {
  if (o.split === "eval") return accept(o);
  const a = loadAcceptability({ seed: 0 });
  const corpus = loadPretrainingCorpus({ seed: 0 }, { minWords: 5, maxWords: 20 });
  const sentences: string[] = [];
  const labels: number[] = [];
  const sites: (readonly number[] | null)[] = [];
  let pairs = 0;
  for (let v = 0; v < ACCEPT_CORPUS_VARIANTS; v++) {
    const p = buildCorruptionPairs(corpus, { seed: v });
    // A loop, not push(...): spreading 37 812 arguments is near the engine's argument limit.
    for (let i = 0; i < p.sentences.length; i++) {
      sentences.push(p.sentences[i]);
      labels.push(p.labels[i]);
      sites.push(p.sites[i]);
    }
    pairs = p.stats.pairs;
  }
  const data = new TextData({
    info: {
      id: "accept-corpus",
      split: o.split,
      source: `acceptability pairs from ${pairs} State of the Union sentences outside the held-out split, ${ACCEPT_CORPUS_VARIANTS} corruptions each, with error sites`,
      path: null,
    },
    sentences,
    labels: Int32Array.from(labels),
    sites,
    numClasses: 2,
    tokenizer: new WordPieceTokenizer(o.vocab ? [...o.vocab] : a.vocab),
    maxLength: o.maxLength ?? 64,
  });
  return o.limit !== undefined ? data.take(o.limit) : data;
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const hasIdx = (dir: string) => readdirSync(dir).some((f) => /^(train|t10k)-images-idx3-ubyte(\.gz)?$/.test(f));

function colaFile(path: string, o: LoadDatasetOptions, trainFile: string): TaskData {
  const split = readColaTsv(path);
  if (!split.labelled) throw new DatasetLookupError(`${path} is CoLA's unlabelled test format (index<TAB>sentence); pass a labelled file (train.tsv or dev.tsv)`);
  const vocabFile = join(dirname(path), "vocab.txt");
  // The model's own vocabulary wins; else vocab.txt beside the data; else one built from the training sentences.
  const vocab = o.vocab ? [...o.vocab] : existsSync(vocabFile) ? readVocabFile(vocabFile) : buildWordPieceVocab(readColaTsv(trainFile).sentences);
  const data = new TextData({
    info: { id: path, split: o.split, source: "cola tsv", path },
    sentences: split.sentences,
    labels: split.labels,
    numClasses: 2,
    tokenizer: new WordPieceTokenizer(vocab),
    maxLength: o.maxLength ?? 64,
  });
  return o.limit !== undefined ? data.take(o.limit) : data;
}

function imageFolder(root: string, o: LoadDatasetOptions): TaskData {
  const ds = new ImageFolderDataset(root, { size: o.imageSize ?? 224 });
  const n = Math.min(ds.length, o.limit ?? ds.length);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  const b = ds.batch(idx);
  return new ImageData({
    info: { id: root, split: o.split, source: "image folder", path: root },
    images: b.images,
    labels: b.labels,
    channels: 3,
    rows: o.imageSize ?? 224,
    cols: o.imageSize ?? 224,
    numClasses: ds.classNames.length,
    mean: 0,
    std: 1, // the eval transform already normalised with the ImageNet mean/std
  });
}

/**
 * A dataset by id (`fmnist`, `accept`, `accept-corpus`) or path: a Fashion-MNIST IDX folder, an image folder
 * (root/<class>/<image>), a CoLA TSV file, or a folder with CoLA's train.tsv + dev.tsv.
 */
export function loadDataset(idOrPath: string, o: LoadDatasetOptions): TaskData {
  if (idOrPath === "fmnist") return fmnist(o.split, undefined, o.limit, "fmnist");
  if (idOrPath === "accept") return accept(o);
  if (idOrPath === "accept-corpus") return acceptCorpus(o);
  const path = resolve(o.cwd ?? process.cwd(), idOrPath);
  if (!existsSync(path)) {
    const looksLikeId = !idOrPath.includes("/") && !idOrPath.includes(".");
    throw new DatasetLookupError(
      looksLikeId
        ? `unknown dataset "${idOrPath}"; known: ${DATASET_IDS.join(", ")} (or a path to an IDX folder, image folder or CoLA .tsv)`
        : `dataset path ${path} does not exist; pass an existing IDX folder, image folder (root/<class>/<image>) or CoLA .tsv file`,
    );
  }
  if (isDir(path)) {
    if (hasIdx(path)) return fmnist(o.split, path, o.limit, path);
    const train = join(path, "train.tsv");
    const dev = join(path, "dev.tsv");
    if (existsSync(train) && existsSync(dev)) return colaFile(o.split === "train" ? train : dev, o, train);
    return imageFolder(path, o);
  }
  if (path.endsWith(".tsv")) return colaFile(path, o, path);
  throw new DatasetLookupError(`cannot tell the format of ${path}: expected a folder (IDX files, class folders, or train.tsv + dev.tsv) or a .tsv file`);
}
