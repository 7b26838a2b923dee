import { gatherRows, randomCropFlipWithDraws } from "@trex/data";
import { tensor } from "@trex/tensor";
import type { Batch, DatasetInfo, ImageAugment, TaskData } from "./task-data.js";

// Fashion-MNIST train-split pixel statistics (the @trex/data README measures the mean 0.2860); inputs are
// standardised with them so the patch embedding sees zero-mean, unit-scale pixels.
export const FMNIST_MEAN = 0.286;
export const FMNIST_STD = 0.353;

export interface ImageDataOptions {
  readonly info: DatasetInfo;
  /** count × channels × rows × cols, channels first. */
  readonly images: Float32Array;
  readonly labels: Int32Array;
  readonly channels: number;
  readonly rows: number;
  readonly cols: number;
  readonly numClasses: number;
  /** Applied at batch time after augmentation: (x − mean) / std. Identity: mean 0, std 1. */
  readonly mean: number;
  readonly std: number;
}

/** An in-memory image classification set (Fashion-MNIST, or a decoded image folder). */
export class ImageData implements TaskData {
  readonly kind = "image" as const;
  readonly info: DatasetInfo;
  readonly count: number;
  readonly numClasses: number;
  readonly labels: Int32Array;
  readonly modelOverrides = {};
  readonly tokenizer = null;
  readonly hasTokenTargets = false;
  private readonly rowSize: number;

  constructor(private readonly o: ImageDataOptions) {
    this.info = o.info;
    this.labels = o.labels;
    this.count = o.labels.length;
    this.numClasses = o.numClasses;
    this.rowSize = o.channels * o.rows * o.cols;
  }

  batch(indices: Int32Array, augment?: ImageAugment): Batch {
    const { channels, rows, cols, mean, std } = this.o;
    let x = gatherRows(this.o.images, this.rowSize, indices);
    let flipped: Uint8Array | undefined;
    if (augment) {
      const { flipProbability, cropPadding: padding, seed } = augment;
      ({ images: x, flipped } = randomCropFlipWithDraws(x, { rows, cols, channels, padding, seed, ...(flipProbability === undefined ? {} : { flipProbability }) }));
    }
    if (mean !== 0 || std !== 1) for (let i = 0; i < x.length; i++) x[i] = (x[i] - mean) / std;
    return { inputs: tensor(x, [indices.length, channels, rows, cols]), labels: gatherRows(this.labels, 1, indices), ...(flipped ? { flipped } : {}) };
  }

  take(n: number): TaskData {
    if (n >= this.count) return this;
    return this.subset(Int32Array.from({ length: n }, (_, i) => i));
  }

  subset(indices: Int32Array): TaskData {
    return new ImageData({ ...this.o, images: gatherRows(this.o.images, this.rowSize, indices), labels: gatherRows(this.labels, 1, indices) });
  }
}
