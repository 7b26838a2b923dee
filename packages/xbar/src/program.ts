import { XbarShapeError } from "./errors.js";
import { Rng } from "./rng.js";
import type { CrossbarSettings, VariationDistribution } from "./settings.js";

/** Rows of a tile in the kernel's layout (masks are 64-bit); tiles with fewer rows are zero-padded. */
export const KERNEL_TILE_ROWS = 64;
/** Virtual columns are padded to a multiple of this (the kernel's column block). */
export const COLUMN_BLOCK = 16;

/**
 * A weight matrix programmed into crossbar cells: the device state after writing, with write variation
 * and faults drawn once. Read it with `crossbarLinear` as often as needed.
 *
 * Layout: crossbar column ("virtual column") v = c·columnsPerWeight + p·slices + s holds cell slice s (bits
 * s·bitsPerCell…) of output channel c, polarity p (0 = q⁺ or the offset-coded value, 1 = q⁻ for
 * differential). `levels[(t·64 + i)·virtualColumns + v] · 2^-levelBits` is the programmed conductance of tile
 * t, row i, in level units (G − Gmin)/ΔG: nominally the integer slice value 0…2^bitsPerCell − 1.
 */
export interface ProgrammedMatrix {
  readonly settings: CrossbarSettings;
  readonly outFeatures: number;
  readonly inFeatures: number;
  /** Row tiles: ceil(inFeatures / tileRows). */
  readonly tiles: number;
  /** Cell slices per weight and polarity. */
  readonly slices: number;
  /** Crossbar columns per output channel (slices × polarities). */
  readonly columnsPerWeight: number;
  /** outFeatures·columnsPerWeight rounded up to a multiple of 16 (the padding columns stay 0). */
  readonly virtualColumns: number;
  /** Programmed cells as 16-bit fixed-point codes (2 bytes per cell): level = code · 2^-levelBits. */
  readonly levels: Int16Array;
  /** Digital weight of each of the columnsPerWeight columns in the shift-and-add (sign included). */
  readonly columnWeights: Float64Array;
  /** Weight scale per output channel (equal entries for per-tensor scaling): W ≈ q·scale. */
  readonly weightScales: Float64Array;
  /** Offset added to every weight before slicing (2^(w−1) for offset mapping, else 0). */
  readonly offset: number;
  /** Gmin/ΔG: the off-state conductance in level units (enters the read noise). */
  readonly gminLevels: number;
  /**
   * Resolution of the stored levels, 2^-levelBits level (the kernel's 16-bit fixed point: 7 bits = 1/128
   * level for 2-bit cells without variation, 6 with FeFET variation, 8 for SRAM).
   */
  readonly levelBits: number;
  /** Largest |level| and |level + gminLevels| of the cells; edits to `levels` must stay within it. */
  readonly levelBound: number;
  /** Physical crossbars used: tiles × ceil(outFeatures·columnsPerWeight / tileCols). */
  readonly crossbars: number;
}

/** Round half away from zero (the quantisers' rounding rule). */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** A draw of the relative write factor: mean 1, standard deviation sigma (chosen once, not per cell). */
function writeFactor(rng: Rng, dist: VariationDistribution, sigma: number): () => number {
  if (dist === "gaussian") return () => 1 + sigma * rng.normal();
  if (dist === "uniform") {
    const half = sigma * Math.sqrt(3);
    return () => 1 + half * (2 * rng.uniform() - 1);
  }
  const s2 = Math.log(1 + sigma * sigma);
  const s = Math.sqrt(s2);
  return () => Math.exp(s * rng.normal() - s2 / 2);
}

/**
 * Quantises W (outFeatures × inFeatures, row-major) to weightBits, slices it into cells and programs them:
 * target levels → write variation → stuck-at faults → optional clamp → first-order IR drop → rounding to
 * the kernel's fixed-point grid (2^-levelBits level). `seed` fixes every draw.
 */
export function programWeights(
  weight: Float32Array | Float64Array,
  outFeatures: number,
  inFeatures: number,
  settings: CrossbarSettings,
  seed: number,
): ProgrammedMatrix {
  if (!Number.isInteger(outFeatures) || !Number.isInteger(inFeatures) || outFeatures < 1 || inFeatures < 1) {
    throw new XbarShapeError(`programWeights: shape ${outFeatures}×${inFeatures} must be positive integers.`);
  }
  if (weight.length !== outFeatures * inFeatures) {
    throw new XbarShapeError(
      `programWeights: weight has ${weight.length} values, expected outFeatures·inFeatures = ${outFeatures}·${inFeatures}.`,
    );
  }
  const { device, noise, mapping } = settings;
  const bpc = device.bitsPerCell;
  const maxLevel = (1 << bpc) - 1;
  const w = mapping.weightBits;
  const qmax = 2 ** (w - 1) - 1;
  const differential = mapping.signedWeights === "differential";
  const slices = Math.ceil((differential ? w - 1 : w) / bpc);
  const pols = differential ? 2 : 1;
  const cpw = slices * pols;
  const nvReal = outFeatures * cpw;
  const nv = Math.ceil(nvReal / COLUMN_BLOCK) * COLUMN_BLOCK;
  const tileRows = mapping.tileRows;
  const tiles = Math.ceil(inFeatures / tileRows);
  const offset = differential ? 0 : 2 ** (w - 1);

  // Scales: max|W| maps to the largest integer; an all-zero channel keeps scale 1 (its q are all 0).
  const scales = new Float64Array(outFeatures);
  let tensorMax = 0;
  for (let c = 0; c < outFeatures; c++) {
    let m = 0;
    for (let i = 0; i < inFeatures; i++) m = Math.max(m, Math.abs(weight[c * inFeatures + i]));
    scales[c] = m;
    tensorMax = Math.max(tensorMax, m);
  }
  for (let c = 0; c < outFeatures; c++) {
    const m = mapping.weightScale === "per-tensor" ? tensorMax : scales[c];
    scales[c] = m > 0 ? m / qmax : 1;
  }

  const columnWeights = new Float64Array(cpw);
  for (let p = 0; p < pols; p++) {
    for (let s = 0; s < slices; s++) columnWeights[p * slices + s] = (p === 0 ? 1 : -1) * 2 ** (s * bpc);
  }

  // Conductances in level units: G = Gmin + level·ΔG  ⇒  level = G/ΔG − gmin with gmin = Gmin/ΔG.
  const gmax = 1 / device.rOn;
  const gminAbs = Number.isFinite(device.rOff) ? 1 / device.rOff : 0;
  const dG = (gmax - gminAbs) / maxLevel;
  const gmin = gminAbs / dG;

  const raw = new Float64Array(tiles * KERNEL_TILE_ROWS * nv);
  const rng = new Rng(seed);
  const faulty = noise.stuckAtGminRate + noise.stuckAtGmaxRate > 0;
  const varied = noise.writeSigma > 0;
  const factor = writeFactor(rng, noise.writeDistribution, noise.writeSigma);
  const digits = new Int32Array(cpw);
  for (let i = 0; i < inFeatures; i++) {
    const t = Math.floor(i / tileRows);
    const row = i - t * tileRows;
    const base = (t * KERNEL_TILE_ROWS + row) * nv;
    for (let c = 0; c < outFeatures; c++) {
      const q = Math.max(-qmax, Math.min(qmax, roundHalfAway(weight[c * inFeatures + i] / scales[c])));
      const pos = differential ? Math.max(q, 0) : q + offset;
      for (let s = 0; s < slices; s++) digits[s] = (pos >> (s * bpc)) & maxLevel;
      if (differential) {
        const neg = Math.max(-q, 0);
        for (let s = 0; s < slices; s++) digits[slices + s] = (neg >> (s * bpc)) & maxLevel;
      }
      for (let k = 0; k < cpw; k++) {
        const v = c * cpw + k;
        let g = digits[k];
        if (varied) g = (g + gmin) * factor() - gmin;
        if (faulty) {
          const u = rng.uniform();
          if (u < noise.stuckAtGminRate) g = 0;
          else if (u < noise.stuckAtGminRate + noise.stuckAtGmaxRate) g = maxLevel;
        }
        if (noise.clipToRange) g = Math.max(0, Math.min(maxLevel, g));
        if (noise.wireResistance > 0) {
          // First-order IR drop: the cell in series with the wire segments between driver and ADC.
          const col = v % mapping.tileCols;
          const rs = noise.wireResistance * (col + 1 + (tileRows - row));
          const G = (g + gmin) * dG;
          g = G / (1 + G * rs) / dG - gmin;
        }
        raw[base + v] = g;
      }
    }
  }
  // Fixed point of the kernel: 64 rows of |level| ≤ bound must fit in a signed 16-bit sum.
  let bound = maxLevel + gmin;
  for (let k = 0; k < raw.length; k++) bound = Math.max(bound, Math.abs(raw[k]), Math.abs(raw[k] + gmin));
  const levelBits = Math.max(-20, Math.min(12, Math.floor(Math.log2(32767 / (KERNEL_TILE_ROWS * bound)))));
  const unit = 2 ** levelBits;
  const levels = new Int16Array(raw.length);
  for (let k = 0; k < raw.length; k++) levels[k] = Math.round(raw[k] * unit);
  return {
    settings,
    outFeatures,
    inFeatures,
    tiles,
    slices,
    columnsPerWeight: cpw,
    virtualColumns: nv,
    levels,
    columnWeights,
    weightScales: scales,
    offset,
    gminLevels: gmin,
    levelBits,
    levelBound: bound,
    crossbars: tiles * Math.ceil(nvReal / mapping.tileCols),
  };
}
