import type { ConverterSettings } from "./settings.js";
import { roundHalfAway } from "./program.js";

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

  const masks = new Uint32Array(rows * tiles * steps * D * 2);
  const rowScales = new Float64Array(rows);
  const rowSums = new Float64Array(rows);
  const signedMax = 2 ** magBits - 1;
  const unsignedMax = 2 ** a - 1;
  const magMask = 2 ** magBits - 1;
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
    const scale = maxAbs > 0 ? maxAbs / qmax : 1;
    rowScales[r] = scale;
    let sum = 0;
    for (let i = 0; i < inFeatures; i++) {
      const q = Math.max(-qmax, Math.min(qmax, roundHalfAway(x[off + i] / scale)));
      if (q === 0) continue;
      sum += q;
      const t = Math.floor(i / tileRows);
      const bit = i - t * tileRows;
      const word = bit >>> 5;
      const flag = 1 << (bit & 31);
      const base = ((r * tiles + t) * steps) * D * 2 + word;
      let mag: number;
      let magStep0: number;
      let top = -1;
      if (unsigned) {
        mag = q & magMask;
        magStep0 = 0;
        if (q > magMask) top = msbStep;
      } else if (split) {
        mag = Math.abs(q);
        magStep0 = q < 0 ? negBase : 0;
      } else {
        const u = q & (2 ** a - 1); // two's complement in a bits
        mag = u & magMask;
        magStep0 = 0;
        if (q < 0) top = negBase;
      }
      for (let b = 0; mag !== 0; b++, mag >>>= 1) {
        if ((mag & 1) === 0) continue;
        const step = magStep0 + Math.floor(b / D);
        masks[base + (step * D + (b % D)) * 2] |= flag;
      }
      if (top >= 0) masks[base + top * D * 2] |= flag;
    }
    rowSums[r] = sum;
  }
  return { masks, steps, stepWeights, rowScales, rowSums };
}
