import { DataOptionError } from "./errors.js";
import { checkSeed, mulberry32, randInt } from "./rng.js";

export interface RandomCropFlipOptions {
  /** Image height and width; images are count×channels×rows×cols (channels-first, like PyTorch). */
  rows: number;
  cols: number;
  channels?: number;
  /** Zero padding on each side before a random rows×cols crop (torchvision RandomCrop(size, padding)); default 4. */
  padding?: number;
  /** Horizontal flip probability (torchvision RandomHorizontalFlip); default 0.5. */
  flipProbability?: number;
  /** Required seed; derive per-batch seeds with mixSeeds(seed, epoch, batch). */
  seed: number;
}

/**
 * Training augmentation for small images such as Fashion-MNIST: pad with zeros, crop back to the
 * original size at a random offset, then flip left-right with the given probability. Returns a
 * new array; each image draws (top, left, flip) in that order from one seeded stream.
 */
export function randomCropFlip(images: Float32Array, options: RandomCropFlipOptions): Float32Array {
  return randomCropFlipWithDraws(images, options).images;
}

/**
 * randomCropFlip (the same draws) that also says which images it mirrored, so outputs precomputed per
 * orientation (a teacher's cached logits under flip-only augmentation) can be looked up.
 */
export function randomCropFlipWithDraws(images: Float32Array, options: RandomCropFlipOptions): { images: Float32Array; flipped: Uint8Array } {
  const { rows, cols } = options;
  const channels = options.channels ?? 1;
  const padding = options.padding ?? 4;
  const p = options.flipProbability ?? 0.5;
  checkSeed(options.seed);
  if (!Number.isInteger(padding) || padding < 0) throw new DataOptionError(`padding must be a non-negative integer, got ${padding}`);
  if (!(p >= 0 && p <= 1)) throw new DataOptionError(`flipProbability must be in [0, 1], got ${p}`);
  const plane = rows * cols;
  const size = channels * plane;
  if (size === 0 || images.length % size !== 0) {
    throw new DataOptionError(`images.length ${images.length} is not a multiple of channels×rows×cols = ${size}; check rows/cols/channels`);
  }
  const rand = mulberry32(options.seed);
  const out = new Float32Array(images.length);
  const flipped = new Uint8Array(images.length / size);
  for (let n = 0; n < images.length / size; n++) {
    const dy = randInt(rand, 2 * padding + 1) - padding;
    const dx = randInt(rand, 2 * padding + 1) - padding;
    const flip = rand() < p;
    flipped[n] = flip ? 1 : 0;
    for (let c = 0; c < channels; c++) {
      const base = n * size + c * plane;
      for (let y = 0; y < rows; y++) {
        const sy = y + dy;
        if (sy < 0 || sy >= rows) continue; // padding row: stays 0
        for (let x = 0; x < cols; x++) {
          const sx = (flip ? cols - 1 - x : x) + dx;
          if (sx >= 0 && sx < cols) out[base + y * cols + x] = images[base + sy * cols + sx];
        }
      }
    }
  }
  return { images: out, flipped };
}
