import { encodeInputs } from "./encode-inputs.js";
import { XbarShapeError } from "./errors.js";
import type { ProgrammedMatrix } from "./program.js";
import type { ReadStream } from "./read-stream.js";
import type { CrossbarSettings } from "./settings.js";
import { xbarWasm } from "./xbar-wasm.js";

/** Largest possible column sum of one read, in level units: tileRows × max DAC level × max cell level. */
export function maxColumnSum(settings: CrossbarSettings): number {
  return settings.mapping.tileRows * (2 ** settings.io.dacBits - 1) * (2 ** settings.device.bitsPerCell - 1);
}

/** ADC step in level units for a full scale: Δ = fullScale / (2^adcBits − 1). */
export function adcStep(settings: CrossbarSettings, fullScale: number): number {
  return fullScale / (2 ** settings.io.adcBits - 1);
}

/**
 * Mutable per-matrix read state: the calibrated ADC full scale (level units), set by the first read when
 * the range policy is "calibrated" and reused after that.
 */
export interface ReadState {
  fullScale?: number;
}

/**
 * y[rows × outFeatures] = x · Wᵀ computed on the programmed crossbars: per-row input quantisation,
 * bit-serial DAC steps, per-read noise, ADC per column and step, digital shift-and-add, rescale.
 */
export function crossbarLinear(
  p: ProgrammedMatrix,
  x: Float32Array,
  rows: number,
  stream: ReadStream,
  state: ReadState = {},
): Float32Array {
  if (!Number.isInteger(rows) || rows < 0 || x.length !== rows * p.inFeatures) {
    throw new XbarShapeError(
      `crossbarLinear: x has ${x.length} values, expected rows·inFeatures = ${rows}·${p.inFeatures}.`,
    );
  }
  const s = p.settings;
  const { io, noise, mapping } = s;
  const out = new Float32Array(rows * p.outFeatures);
  if (rows === 0) return out;
  const enc = encodeInputs(x, rows, p.inFeatures, io, mapping.tileRows, p.tiles);
  const D = io.dacBits;
  const nv = p.virtualColumns;
  const wasm = xbarWasm();
  wasm.reset();
  const masks = wasm.alloc(enc.masks.length * 4);
  const levels = wasm.alloc(p.levels.length * 2);
  const stepW = wasm.alloc(enc.steps * 4);
  const acc = wasm.alloc(rows * nv * 4);
  const offs = wasm.alloc(rows * enc.steps * 32);
  const noiseBuf = wasm.alloc(enc.steps * 64);
  const maxSum = maxColumnSum(s);
  const bins = Math.ceil(maxSum) + 1;
  const hist = io.adcRange.kind === "calibrated" && state.fullScale === undefined ? wasm.alloc(bins * 4) : 0;
  wasm.u32().set(enc.masks, masks / 4);
  wasm.i16().set(p.levels, levels / 2);
  wasm.u32().set(stream.state, wasm.rngState / 4);
  wasm.ex.seedRng(wasm.rngState);
  const run = (invDelta: number, maxCode: number, histPtr: number): void => {
    wasm.ex.read(
      masks,
      rows,
      p.tiles,
      enc.steps,
      D,
      levels,
      nv,
      stepW,
      acc,
      wasm.lut,
      offs,
      2 ** p.levelBits,
      noise.readSigma,
      p.gminLevels,
      // Variance unit: a cell holds at most 1023 units, so 64 cells fit in an unsigned 16-bit sum.
      (noise.readSigma * p.levelBound) ** 2 / 1023,
      wasm.gauss,
      noiseBuf,
      invDelta,
      maxCode,
      histPtr,
      bins,
      p.outFeatures * p.columnsPerWeight,
    );
  };

  let fullScale: number;
  if (io.adcRange.kind === "max") fullScale = maxSum;
  else if (io.adcRange.kind === "fixed") fullScale = io.adcRange.fullScale;
  else if (state.fullScale !== undefined) fullScale = state.fullScale;
  else {
    wasm.u32().fill(0, hist / 4, hist / 4 + bins);
    run(1, 0, hist);
    fullScale = quantileUpperEdge(wasm.u32().subarray(hist / 4, hist / 4 + bins), io.adcRange.quantile);
    state.fullScale = fullScale;
  }
  const delta = adcStep(s, fullScale);
  const f32 = wasm.f32();
  for (let k = 0; k < enc.steps; k++) f32[stepW / 4 + k] = enc.stepWeights[k] * delta;
  f32.fill(0, acc / 4, acc / 4 + rows * nv);
  run(1 / delta, 2 ** io.adcBits - 1, 0);
  wasm.ex.saveRng(wasm.rngState);
  stream.state.set(wasm.u32().subarray(wasm.rngState / 4, wasm.rngState / 4 + 16));

  // Digital shift-and-add across slices and polarities, rescale (in the kernel, float64).
  const colW = wasm.alloc(p.columnsPerWeight * 8);
  const rowSum = wasm.alloc(rows * 8);
  const rowScale = wasm.alloc(rows * 8);
  const wScale = wasm.alloc(p.outFeatures * 8);
  const outPtr = wasm.alloc(out.length * 4);
  const f64 = wasm.f64();
  f64.set(p.columnWeights, colW / 8);
  f64.set(enc.rowSums, rowSum / 8);
  f64.set(enc.rowScales, rowScale / 8);
  f64.set(p.weightScales, wScale / 8);
  wasm.ex.combine(acc, rows, nv, p.outFeatures, p.columnsPerWeight, colW, p.offset, rowSum, rowScale, wScale, outPtr);
  out.set(wasm.f32().subarray(outPtr / 4, outPtr / 4 + out.length));
  return out;
}

/** Upper edge of the bin where the cumulative count first reaches q of the total (at least 1 level). */
function quantileUpperEdge(hist: Uint32Array, q: number): number {
  let total = 0;
  for (let i = 0; i < hist.length; i++) total += hist[i];
  if (total === 0) return 1;
  const target = q * total;
  let cum = 0;
  for (let i = 0; i < hist.length; i++) {
    cum += hist[i];
    if (cum >= target) return Math.max(1, i + 1);
  }
  return hist.length;
}
