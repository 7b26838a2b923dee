import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DatasetNotFoundError, DataOptionError } from "../errors.js";
import { type FashionMnist, fashionMnistFromIdx } from "../fashion-mnist.js";
import { readIdxFile } from "./read-idx.js";

/** Where Debian's `dataset-fashion-mnist` package installs the files. */
export const DEFAULT_FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist/";

/** Folder (in this package) holding the embedded 1 000 + 1 000 image subset, same IDX format. */
export const EMBEDDED_FASHION_MNIST_DIR = fileURLToPath(new URL("../../assets/fashion-mnist-subset/", import.meta.url));

export interface LoadFashionMnistOptions {
  split: "train" | "test";
  /** Dataset directory; default `$TREX_FMNIST_DIR`, then `/usr/share/datasets/fashion-mnist/`. */
  dir?: string;
  /** Keep only the first `limit` examples. */
  limit?: number;
  /**
   * When no directory was given (option or env) and the default one is absent, use the embedded
   * subset (default true). An explicitly given directory that is missing is always an error.
   */
  fallback?: boolean;
}

const PREFIX = { train: "train", test: "t10k" } as const;

/**
 * Loads a Fashion-MNIST split from IDX files (`train-images-idx3-ubyte[.gz]`, `t10k-...`),
 * falling back to the embedded subset (`source: "embedded"`) when the default directory is absent.
 */
export function loadFashionMnist(options: LoadFashionMnistOptions): FashionMnist {
  const { split } = options;
  if (split !== "train" && split !== "test") {
    throw new DataOptionError(`split must be "train" or "test", got ${JSON.stringify(split)}`);
  }
  const envDir = process.env.TREX_FMNIST_DIR;
  const explicit = options.dir ?? (envDir !== undefined && envDir !== "" ? envDir : undefined);
  const dir = explicit ?? DEFAULT_FASHION_MNIST_DIR;
  if (!existsSync(dir)) {
    if (explicit === undefined && options.fallback !== false) {
      return readSplit(EMBEDDED_FASHION_MNIST_DIR, split, "embedded", options.limit);
    }
    const from = options.dir !== undefined ? "the dir option" : explicit !== undefined ? "TREX_FMNIST_DIR" : "the default";
    throw new DatasetNotFoundError(
      `Fashion-MNIST directory ${dir} (from ${from}) does not exist; install it with \`apt-get install dataset-fashion-mnist\`, or point TREX_FMNIST_DIR / --data-dir at a folder holding ${PREFIX[split]}-images-idx3-ubyte[.gz] and ${PREFIX[split]}-labels-idx1-ubyte[.gz]`,
    );
  }
  return readSplit(dir, split, "files", options.limit);
}

function readSplit(dir: string, split: "train" | "test", source: FashionMnist["source"], limit?: number): FashionMnist {
  const imagesPath = findFile(dir, `${PREFIX[split]}-images-idx3-ubyte`);
  const labelsPath = findFile(dir, `${PREFIX[split]}-labels-idx1-ubyte`);
  return fashionMnistFromIdx(readIdxFile(imagesPath), readIdxFile(labelsPath), {
    source,
    path: dir,
    limit,
    imagesName: imagesPath,
    labelsName: labelsPath,
  });
}

function findFile(dir: string, base: string): string {
  for (const name of [`${base}.gz`, base]) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  throw new DatasetNotFoundError(
    `${join(dir, base)}[.gz] not found in the Fashion-MNIST directory ${dir}; it must hold the four IDX files (gzipped or not) — reinstall with \`apt-get install dataset-fashion-mnist\` or fix TREX_FMNIST_DIR / --data-dir`,
  );
}
