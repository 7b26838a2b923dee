import { DataOptionError } from "./errors.js";
import type { RgbImage } from "./image-decode.js";

/** ImageNet channel statistics used by timm's DeiT/ViT configs (IMAGENET_DEFAULT_MEAN/STD). */
export const IMAGENET_DEFAULT_MEAN: readonly [number, number, number] = [0.485, 0.456, 0.406];
export const IMAGENET_DEFAULT_STD: readonly [number, number, number] = [0.229, 0.224, 0.225];
/** timm's DEFAULT_CROP_PCT. */
export const DEFAULT_CROP_PCT = 0.875;

// Pillow's Resample.c: 8-bit coefficients are fixed point with 22 fractional bits.
const PRECISION_BITS = 22;
const ONE = 2 ** PRECISION_BITS;

/** Pillow's bicubic kernel (a = −0.5, support 2). */
export function bicubicKernel(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

/**
 * Per output index: the first input index and the fixed-point weights of Pillow's
 * `precompute_coeffs` + `normalize_coeffs_8bpc` (the kernel widens by the scale when shrinking,
 * which is Pillow's antialiasing).
 */
export function bicubicCoefficients(inSize: number, outSize: number): { start: Int32Array; weights: number[][] } {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = 2 * filterscale;
  const start = new Int32Array(outSize);
  const weights: number[][] = [];
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    const k: number[] = [];
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = bicubicKernel((x + xmin - center + 0.5) / filterscale);
      k.push(w);
      ww += w;
    }
    start[xx] = xmin;
    weights.push(k.map((w) => (ww !== 0 ? w / ww : w)).map((w) => Math.trunc(w < 0 ? w * ONE - 0.5 : w * ONE + 0.5)));
  }
  return { start, weights };
}

function clip8(ss: number): number {
  if (ss >= ONE * 256) return 255;
  if (ss <= 0) return 0;
  return Math.floor(ss / ONE);
}

/**
 * Resizes an 8-bit interleaved image with Pillow's BICUBIC resampling (what timm's eval
 * transform does on PIL images): horizontal pass then vertical pass, each rounded to 8 bits.
 */
export function resizeBicubic(image: RgbImage, width: number, height: number, channels = 3): RgbImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new DataOptionError(`resize target must be positive integers, got ${width}×${height}`);
  }
  let cur = image;
  if (width !== cur.width) {
    const { start, weights } = bicubicCoefficients(cur.width, width);
    const out = new Uint8Array(width * cur.height * channels);
    for (let y = 0; y < cur.height; y++) {
      for (let xx = 0; xx < width; xx++) {
        const k = weights[xx];
        for (let c = 0; c < channels; c++) {
          let ss = ONE / 2;
          for (let x = 0; x < k.length; x++) ss += cur.data[(y * cur.width + start[xx] + x) * channels + c] * k[x];
          out[(y * width + xx) * channels + c] = clip8(ss);
        }
      }
    }
    cur = { width, height: cur.height, data: out };
  }
  if (height !== cur.height) {
    const { start, weights } = bicubicCoefficients(cur.height, height);
    const out = new Uint8Array(cur.width * height * channels);
    for (let yy = 0; yy < height; yy++) {
      const k = weights[yy];
      for (let x = 0; x < cur.width; x++) {
        for (let c = 0; c < channels; c++) {
          let ss = ONE / 2;
          for (let y = 0; y < k.length; y++) ss += cur.data[((start[yy] + y) * cur.width + x) * channels + c] * k[y];
          out[(yy * cur.width + x) * channels + c] = clip8(ss);
        }
      }
    }
    cur = { width: cur.width, height, data: out };
  }
  return cur === image ? { width: image.width, height: image.height, data: image.data.slice() } : cur;
}

/** torchvision Resize(int): the shorter side becomes `size`, the longer is scaled and truncated. */
export function shorterSideSize(width: number, height: number, size: number): { width: number; height: number } {
  if (width <= height) return { width: size, height: Math.trunc((size * height) / width) };
  return { width: Math.trunc((size * width) / height), height: size };
}

/** Python's round(): halves go to the even neighbour (torchvision CenterCrop uses it). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** torchvision CenterCrop: crop the centre; a crop larger than the image is zero-padded first. */
export function centerCrop(image: RgbImage, width: number, height: number, channels = 3): RgbImage {
  const top = height > image.height ? -Math.floor((height - image.height) / 2) : roundHalfEven((image.height - height) / 2);
  const left = width > image.width ? -Math.floor((width - image.width) / 2) : roundHalfEven((image.width - width) / 2);
  const out = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const sy = y + top;
    if (sy < 0 || sy >= image.height) continue;
    for (let x = 0; x < width; x++) {
      const sx = x + left;
      if (sx < 0 || sx >= image.width) continue;
      for (let c = 0; c < channels; c++) out[(y * width + x) * channels + c] = image.data[(sy * image.width + sx) * channels + c];
    }
  }
  return { width, height, data: out };
}

export interface EvalTransformOptions {
  /** Output side in pixels (timm img_size); default 224. */
  size?: number;
  /** Fraction of the resized image kept by the centre crop; default 0.875. */
  cropPct?: number;
  mean?: readonly number[];
  std?: readonly number[];
}

/**
 * timm's `transforms_imagenet_eval` (crop_mode "center", bicubic): Resize(floor(size / cropPct))
 * on the shorter side, CenterCrop(size), ToTensor, Normalize(mean, std). Returns a 3×size×size
 * channels-first Float32Array, computed in float32 like torch.
 */
export function imagenetEvalTransform(image: RgbImage, options: EvalTransformOptions = {}): Float32Array {
  const size = options.size ?? 224;
  const cropPct = options.cropPct ?? DEFAULT_CROP_PCT;
  const mean = options.mean ?? IMAGENET_DEFAULT_MEAN;
  const std = options.std ?? IMAGENET_DEFAULT_STD;
  if (!Number.isInteger(size) || size < 1) throw new DataOptionError(`size must be a positive integer, got ${size}`);
  if (!(cropPct > 0)) throw new DataOptionError(`cropPct must be > 0 (timm uses 0.875–1.0), got ${cropPct}`);
  if (mean.length !== 3 || std.length !== 3 || std.some((s) => !(s > 0))) {
    throw new DataOptionError(`mean and std need 3 entries with std > 0, got mean [${mean}] std [${std}]`);
  }
  const scale = Math.floor(size / cropPct);
  const target = shorterSideSize(image.width, image.height, scale);
  const cropped = centerCrop(resizeBicubic(image, target.width, target.height), size, size);
  const plane = size * size;
  const out = new Float32Array(3 * plane);
  const m = mean.map(Math.fround);
  const s = std.map(Math.fround);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) {
      const x = Math.fround(cropped.data[3 * i + c] / 255);
      out[c * plane + i] = Math.fround(Math.fround(x - m[c]) / s[c]);
    }
  }
  return out;
}
