import { encodeInputs } from "./encode-inputs.js";
import { XbarShapeError } from "./errors.js";
import type { ProgrammedMatrix } from "./program.js";
import type { ReadStream } from "./read-stream.js";
import type { CrossbarSettings } from "./settings.js";
import { GAUSS_TABLE_SIZE, gaussianQuantileTable } from "./gaussian-table.js";
import { type XbarWasm, xbarWasm } from "./xbar-wasm.js";

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
  const offs = D === 1 ? wasm.alloc(rows * enc.steps * 32) : 0;
  // read1 draws a whole block's noise at once (rows·steps reads at most), read one row's.
  const noiseBuf = wasm.alloc((D === 1 ? rows : 1) * enc.steps * 64);
  const maxSum = maxColumnSum(s);
  const bins = Math.ceil(maxSum) + 1;
  const hist = io.adcRange.kind === "calibrated" && state.fullScale === undefined ? wasm.alloc(bins * 4) : 0;
  wasm.u32().set(enc.masks, masks / 4);
  wasm.i16().set(p.levels, levels / 2);
  wasm.u32().set(stream.state, wasm.rngState / 4);
  // Variance unit: a cell holds at most 1023 units, so 64 cells fit in an unsigned 16-bit sum.
  const hUnit = (noise.readSigma * p.levelBound) ** 2 / 1023;
  const zScale = 2 ** p.levelBits;
  const gauss = scaledGaussTable(wasm, hUnit, zScale);
  const run = (invDelta: number, maxCode: number, histPtr: number): void => {
    if (D === 1 && histPtr === 0) {
      // The common case has its own loop (same results, faster).
      wasm.ex.read1(masks, rows, p.tiles, enc.steps, levels, nv, stepW, acc, wasm.lut, offs, zScale, noise.readSigma, p.gminLevels, hUnit, gauss, wasm.rngState, noiseBuf, invDelta, maxCode);
      return;
    }
    wasm.ex.read(masks, rows, p.tiles, enc.steps, D, levels, nv, stepW, acc, wasm.lut, zScale, noise.readSigma, p.gminLevels, hUnit, gauss, wasm.rngState, noiseBuf, invDelta, maxCode, histPtr, bins, p.outFeatures * p.columnsPerWeight);
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
  stream.state.set(wasm.u32().subarray(wasm.rngState / 4, wasm.rngState / 4 + 16));

  combine(wasm.f32().subarray(acc / 4, acc / 4 + rows * nv), rows, nv, p, enc.rowSums, enc.rowScales, out);
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

/**
 * The quantile table times the noise scale sqrt(hUnit)·zScale, in the arena: each entry is the f32 product
 * the kernel would form per draw (f32 sqrt and products, emulated exactly with Math.fround), so
 * pre-scaling saves a multiply per read and changes no bit.
 */
function scaledGaussTable(wasm: XbarWasm, hUnit: number, zScale: number): number {
  const ptr = wasm.alloc(GAUSS_TABLE_SIZE * 4);
  const nScale = Math.fround(Math.fround(Math.sqrt(Math.fround(hUnit))) * zScale);
  const f32 = wasm.f32();
  const src = gaussianQuantileTable();
  for (let k = 0; k < GAUSS_TABLE_SIZE; k++) f32[ptr / 4 + k] = nScale * src[k];
  return ptr;
}

/**
 * Digital shift-and-add across slices and polarities, then rescale, in float64 (integer sums can pass
 * 2^24): out[r][c] = (Σ_k colW[k]·acc[r][c·cpw + k] − offset·rowSum[r]) · rowScale[r] · wScale[c], summed
 * in k order. Everything read in the loop is a local (property loads in it made this 3× slower).
 */
function combine(
  accs: Float32Array,
  rows: number,
  nv: number,
  p: ProgrammedMatrix,
  rowSums: Float64Array,
  rowScales: Float64Array,
  out: Float32Array,
): void {
  const cpw = p.columnsPerWeight;
  const colW = p.columnWeights;
  const ws = p.weightScales;
  const outF = p.outFeatures;
  const offset = p.offset;
  const [w0, w1, w2, w3] = colW;
  for (let r = 0; r < rows; r++) {
    const off = offset * rowSums[r];
    const xs = rowScales[r];
    let a = r * nv;
    let o = r * outF;
    if (cpw === 4) {
      // The presets' case (offset mapping, 4 slices), unrolled.
      for (let c = 0; c < outF; c++, a += 4) {
        out[o++] = (-off + w0 * accs[a] + w1 * accs[a + 1] + w2 * accs[a + 2] + w3 * accs[a + 3]) * (xs * ws[c]);
      }
      continue;
    }
    for (let c = 0; c < outF; c++, a += cpw) {
      let v = -off;
      for (let k = 0; k < cpw; k++) v += colW[k] * accs[a + k];
      out[o++] = v * (xs * ws[c]);
    }
  }
}
