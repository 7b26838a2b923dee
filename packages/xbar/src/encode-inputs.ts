import type { ConverterSettings } from "./settings.js";

/**
 * Inputs quantised per row and cut into bit-serial steps, as the kernel applies them.
 *
 * Step schedule (shared by all rows; a row leaves the steps it does not use empty, and empty steps cost
 * nothing): the a − 1 magnitude bits go in ceil((a − 1)/dacBits) steps of dacBits bits (step j weighs
 * 2^(j·dacBits)); then
 * - "twos-complement": one step for the sign bit (weight −2^(a−1)) holding the two's-complement MSB;
 *   the magnitude steps hold the two's-complement low bits;
 * - "split": the same magnitude steps again for the negative part (weights negated);
 * and last one step for the MSB of unsigned rows (weight +2^(a−1)), used when unsignedWhenNonNegative
 * and the row has no negative value.
 */
export interface EncodedInputs {
  /** u64 masks as (lo, hi) u32 pairs: [rows][tiles][steps][dacBits]. */
  readonly masks: Uint32Array;
  readonly steps: number;
  /** Digital weight of each step. */
  readonly stepWeights: Float64Array;
  /** Per-row scale: x ≈ q·scale. */
  readonly rowScales: Float64Array;
  /** Per-row Σ q (exact integers; for the offset mapping's digital correction). */
  readonly rowSums: Float64Array;
}

interface SpotTable {
  readonly start: Int32Array;
  readonly spots: Int32Array;
  /** Per code: bit k set ⇔ the code sets mask slot k (words 2k, 2k + 1 of its tile); up to 32 slots. */
  readonly pattern: Int32Array;
}

/**
 * Writes one tile's masks from its rows' slot patterns (and clears them): slot k's 64-bit mask has bit i
 * set ⇔ bit k of pats[i]. Bit-transposing in locals beats setting each element's bits in memory (a loop
 * over a code's set bits mispredicts on almost every element).
 */
function transpose(pats: Int32Array, n: number, slots: number, masks: Uint32Array, base: number): void {
  for (let k = 0; k < slots; k++) {
    let lo = 0;
    let hi = 0;
    if (n === 64) {
      // Full tiles, 4 rows per iteration (the loop overhead is most of the work otherwise).
      for (let i = 0; i < 32; i += 4) {
        lo |= (((pats[i] >>> k) & 1) | (((pats[i + 1] >>> k) & 1) << 1) | (((pats[i + 2] >>> k) & 1) << 2) | (((pats[i + 3] >>> k) & 1) << 3)) << i;
        hi |= (((pats[i + 32] >>> k) & 1) | (((pats[i + 33] >>> k) & 1) << 1) | (((pats[i + 34] >>> k) & 1) << 2) | (((pats[i + 35] >>> k) & 1) << 3)) << i;
      }
    } else {
      for (let i = 0; i < n && i < 32; i++) lo |= ((pats[i] >>> k) & 1) << i;
      for (let i = 32; i < n; i++) hi |= ((pats[i] >>> k) & 1) << (i - 32);
    }
    masks[base + 2 * k] = lo;
    masks[base + 2 * k + 1] = hi;
  }
  pats.fill(0, 0, n);
}
const spotCache = new WeakMap<ConverterSettings, { signed: SpotTable; unsigned: SpotTable }>();

export function encodeInputs(
  x: Float32Array,
  rows: number,
  inFeatures: number,
  io: ConverterSettings,
  tileRows: number,
  tiles: number,
): EncodedInputs {
  const a = io.inputBits;
  const D = io.dacBits;
  const magBits = a - 1;
  const chunks = Math.ceil(magBits / D);
  const split = io.signedInputs === "split";
  const negBase = chunks; // split: negative chunks; twos-complement: the sign step
  const msbStep = split ? 2 * chunks : chunks + 1;
  const steps = msbStep + 1;
  const stepWeights = new Float64Array(steps);
  for (let j = 0; j < chunks; j++) {
    stepWeights[j] = 2 ** (j * D);
    if (split) stepWeights[negBase + j] = -(2 ** (j * D));
  }
  if (!split) stepWeights[negBase] = -(2 ** magBits);
  stepWeights[msbStep] = 2 ** magBits;

  // Where each code's bits go: for code q, the mask words (step·D + plane)·2 it sets. Built once per
  // converter setting (settings are frozen values) for signed and unsigned rows: the element loop walks it.
  const signedMax = 2 ** magBits - 1;
  const unsignedMax = 2 ** a - 1;
  const magMask = 2 ** magBits - 1;
  const spotsOf = (q: number, unsigned: boolean): number[] => {
    const out: number[] = [];
    let mag: number;
    let magStep0 = 0;
    let top = -1;
    if (unsigned) {
      mag = q & magMask;
      if (q > magMask) top = msbStep;
    } else if (split) {
      mag = Math.abs(q);
      magStep0 = q < 0 ? negBase : 0;
    } else {
      mag = (q & (2 ** a - 1)) & magMask; // two's complement low bits
      if (q < 0) top = negBase;
    }
    for (let b = 0; mag !== 0; b++, mag >>>= 1) {
      if ((mag & 1) !== 0) out.push(((magStep0 + Math.floor(b / D)) * D + (b % D)) * 2);
    }
    if (top >= 0) out.push(top * D * 2);
    return out;
  };
  // Mask slots (step, plane) per tile; with at most 32 a code's slots fit one int and tiles are transposed.
  const slots = steps * D;
  const fast = slots <= 32;
  const pats = new Int32Array(64);
  const table = (lo: number, hi: number, unsigned: boolean): SpotTable => {
    const start = new Int32Array(hi - lo + 2);
    const all: number[] = [];
    for (let q = lo; q <= hi; q++) {
      start[q - lo] = all.length;
      all.push(...spotsOf(q, unsigned));
    }
    start[hi - lo + 1] = all.length;
    const pattern = new Int32Array(hi - lo + 1);
    for (let q = lo; q <= hi && fast; q++) {
      for (let j = start[q - lo]; j < start[q - lo + 1]; j++) pattern[q - lo] |= 1 << (all[j] / 2);
    }
    return { start, spots: Int32Array.from(all), pattern };
  };
  let tables = spotCache.get(io);
  if (tables === undefined) {
    const signed = table(-signedMax, signedMax, false);
    tables = { signed, unsigned: io.unsignedWhenNonNegative ? table(0, unsignedMax, true) : signed };
    spotCache.set(io, tables);
  }
  const signedT = tables.signed;
  const unsignedT = tables.unsigned;

  const masks = new Uint32Array(rows * tiles * steps * D * 2);
  const rowScales = new Float64Array(rows);
  const rowSums = new Float64Array(rows);
  const tileWords = steps * D * 2;
  for (let r = 0; r < rows; r++) {
    const off = r * inFeatures;
    let maxAbs = 0;
    let min = 0;
    for (let i = 0; i < inFeatures; i++) {
      const v = x[off + i];
      maxAbs = Math.max(maxAbs, Math.abs(v));
      min = Math.min(min, v);
    }
    const unsigned = io.unsignedWhenNonNegative && min >= 0;
    const qmax = unsigned ? unsignedMax : signedMax;
    const { start, spots, pattern } = unsigned ? unsignedT : signedT;
    const shift = unsigned ? 0 : signedMax;
    const scale = maxAbs > 0 ? maxAbs / qmax : 1;
    rowScales[r] = scale;
    let sum = 0;
    let bit = 0;
    let tileBase = r * tiles * tileWords;
    for (let i = 0; i < inFeatures; i++) {
      const v = x[off + i] / scale;
      // Round half away from zero and clamp, branch-free (random signs and fractions mispredict every
      // other branch, 8× slower): |q| = min(qmax, floor|v| + [frac ≥ ½]), exact since frac is exact.
      const av = Math.abs(v);
      const fl = Math.floor(av);
      const q = Math.min(qmax, fl + +(av - fl >= 0.5)) * (+(v > 0) - +(v < 0));
      if (q !== 0) {
        sum += q;
        if (fast) pats[bit] = pattern[q + shift];
        else {
          const base = tileBase + (bit >>> 5);
          const flag = 1 << (bit & 31);
          for (let j = start[q + shift], e = start[q + shift + 1]; j < e; j++) masks[base + spots[j]] |= flag;
        }
      }
      if (++bit === tileRows || i === inFeatures - 1) {
        if (fast) transpose(pats, bit, slots, masks, tileBase);
        bit = 0;
        tileBase += tileWords;
      }
    }
    rowSums[r] = sum;
  }
  return { masks, steps, stepWeights, rowScales, rowSums };
}
