import { DataFormatError, DataOptionError } from "./errors.js";
import type { IdxArray } from "./idx.js";

/** Fashion-MNIST class names, index = label (Xiao, Rasul & Vollgraf 2017). */
export const FASHION_MNIST_CLASSES: readonly string[] = Object.freeze([
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
]);

/** Where a loaded Fashion-MNIST split came from. */
export type FashionMnistSource = "files" | "embedded";

/** One Fashion-MNIST split: `images` is count×rows×cols row-major in [0, 1] (pixel / 255). */
export interface FashionMnist {
  images: Float32Array;
  labels: Int32Array;
  count: number;
  rows: number;
  cols: number;
  classNames: readonly string[];
  /** "files" when read from the dataset directory, "embedded" for the subset shipped in this package. */
  source: FashionMnistSource;
  /** The directory (files) or asset folder (embedded) the data was read from. */
  path: string;
}

/**
 * Builds a Fashion-MNIST split from parsed IDX image (uint8, rank 3) and label (uint8, rank 1)
 * arrays, checking they agree. `limit` keeps the first `limit` examples.
 */
export function fashionMnistFromIdx(
  images: IdxArray,
  labels: IdxArray,
  meta: { source: FashionMnistSource; path: string; limit?: number; imagesName?: string; labelsName?: string },
): FashionMnist {
  const imagesName = meta.imagesName ?? "images";
  const labelsName = meta.labelsName ?? "labels";
  if (images.dtype !== "uint8" || images.dims.length !== 3) {
    throw new DataFormatError(
      `${imagesName}: expected a uint8 IDX array of rank 3 (count×rows×cols) but found ${images.dtype} of rank ${images.dims.length}; check that the images and labels files are not swapped`,
    );
  }
  if (labels.dtype !== "uint8" || labels.dims.length !== 1) {
    throw new DataFormatError(
      `${labelsName}: expected a uint8 IDX array of rank 1 but found ${labels.dtype} of rank ${labels.dims.length}; check that the images and labels files are not swapped`,
    );
  }
  const [n, rows, cols] = images.dims;
  if (labels.dims[0] !== n) {
    throw new DataFormatError(
      `${labelsName}: has ${labels.dims[0]} labels but ${imagesName} has ${n} images; use the labels file of the same split`,
    );
  }
  let count = n;
  if (meta.limit !== undefined) {
    if (!Number.isInteger(meta.limit) || meta.limit < 0) {
      throw new DataOptionError(`limit must be a non-negative integer, got ${meta.limit}`);
    }
    count = Math.min(n, meta.limit);
  }
  const px = rows * cols;
  const images01 = new Float32Array(count * px);
  const raw = images.data;
  for (let i = 0; i < count * px; i++) images01[i] = raw[i] / 255;
  const labelsOut = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const y = labels.data[i];
    if (y >= FASHION_MNIST_CLASSES.length) {
      throw new DataFormatError(`${labelsName}: label ${y} at index ${i} is outside 0..9; the file is not Fashion-MNIST labels`);
    }
    labelsOut[i] = y;
  }
  return {
    images: images01,
    labels: labelsOut,
    count,
    rows,
    cols,
    classNames: FASHION_MNIST_CLASSES,
    source: meta.source,
    path: meta.path,
  };
}
