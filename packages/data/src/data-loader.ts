import { DataOptionError } from "./errors.js";
import { checkSeed, mixSeeds, shuffledIndices } from "./rng.js";

export interface DataLoaderOptions {
  /** Number of examples. */
  size: number;
  batchSize: number;
  /** Shuffle each epoch (default true); the order depends only on (seed, epoch). */
  shuffle?: boolean;
  /** Required: the base seed of every epoch's order. */
  seed: number;
  /** Drop a last batch smaller than batchSize (default false). */
  dropLast?: boolean;
}

/**
 * Seeded index batching, like PyTorch's DataLoader sampler: `epoch(e)` yields Int32Array batches
 * of example indices; the same (seed, e) always gives the same order, different epochs differ.
 */
export class DataLoader {
  readonly size: number;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;

  constructor(options: DataLoaderOptions) {
    const { size, batchSize } = options;
    if (!Number.isInteger(size) || size < 0) throw new DataOptionError(`size must be a non-negative integer, got ${size}`);
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new DataOptionError(`batchSize must be a positive integer, got ${batchSize}`);
    }
    checkSeed(options.seed);
    this.size = size;
    this.batchSize = batchSize;
    this.shuffle = options.shuffle ?? true;
    this.seed = options.seed;
    this.dropLast = options.dropLast ?? false;
  }

  /** Batches per epoch. */
  get numBatches(): number {
    return this.dropLast ? Math.floor(this.size / this.batchSize) : Math.ceil(this.size / this.batchSize);
  }

  /** The example order of epoch `e` (a permutation of 0..size-1, or the identity without shuffle). */
  order(e: number): Int32Array {
    checkSeed(e, "epoch");
    if (this.shuffle) return shuffledIndices(this.size, mixSeeds(this.seed, e));
    const out = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = i;
    return out;
  }

  /** Yields the index batches of epoch `e`. */
  *epoch(e: number): Generator<Int32Array> {
    const order = this.order(e);
    for (let b = 0; b < this.numBatches; b++) {
      yield order.subarray(b * this.batchSize, Math.min(this.size, (b + 1) * this.batchSize));
    }
  }
}

/**
 * Copies rows `indices` of a row-major `source` (rows of `rowSize` elements) into one contiguous
 * array, e.g. a batch of images (rowSize = 28*28) or labels (rowSize = 1).
 */
export function gatherRows<T extends Float32Array | Int32Array | Uint8Array>(source: T, rowSize: number, indices: ArrayLike<number>): T {
  const rows = source.length / rowSize;
  const out = new (source.constructor as { new (n: number): T })(indices.length * rowSize);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= rows) {
      throw new DataOptionError(`index ${i} is outside 0..${rows - 1}; indices must address rows of the source`);
    }
    out.set(source.subarray(i * rowSize, (i + 1) * rowSize), k * rowSize);
  }
  return out;
}
