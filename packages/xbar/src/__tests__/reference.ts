// Independent references for the tests: quantisers and integer products written from the documented
// formulas, without the package's encoders or kernel.
import { seededRandom } from "@trex/test-utils";

export function rand(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const r = seededRandom(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
}

function roundAway(v: number): number {
  return v < 0 ? -Math.round(-v) : Math.round(v);
}

/** Per-row symmetric (or unsigned for non-negative rows) input quantisation. */
export function quantRows(x: Float32Array, rows: number, cols: number, bits: number, unsignedRows = true) {
  const q = new Int32Array(rows * cols);
  const scale = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let m = 0;
    let neg = false;
    for (let i = 0; i < cols; i++) {
      m = Math.max(m, Math.abs(x[r * cols + i]));
      if (x[r * cols + i] < 0) neg = true;
    }
    const qmax = unsignedRows && !neg ? 2 ** bits - 1 : 2 ** (bits - 1) - 1;
    scale[r] = m > 0 ? m / qmax : 1;
    for (let i = 0; i < cols; i++) q[r * cols + i] = roundAway(x[r * cols + i] / scale[r]);
  }
  return { q, scale };
}

/** Symmetric weight quantisation, per output channel or per tensor. */
export function quantWeights(w: Float32Array, out: number, inF: number, bits: number, perChannel: boolean) {
  const qmax = 2 ** (bits - 1) - 1;
  const q = new Int32Array(out * inF);
  const scale = new Float64Array(out);
  let all = 0;
  for (let i = 0; i < w.length; i++) all = Math.max(all, Math.abs(w[i]));
  for (let c = 0; c < out; c++) {
    let m = 0;
    for (let i = 0; i < inF; i++) m = Math.max(m, Math.abs(w[c * inF + i]));
    const mm = perChannel ? m : all;
    scale[c] = mm > 0 ? mm / qmax : 1;
    for (let i = 0; i < inF; i++) q[c * inF + i] = roundAway(w[c * inF + i] / scale[c]);
  }
  return { q, scale };
}

/** Exact integer product Σ_i xq[r,i]·wq[c,i] (BigInt-free: the sums stay far below 2^53). */
export function intProduct(xq: Int32Array, wq: Int32Array, rows: number, inF: number, out: number): Float64Array {
  const y = new Float64Array(rows * out);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < out; c++) {
      let s = 0;
      for (let i = 0; i < inF; i++) s += xq[r * inF + i] * wq[c * inF + i];
      y[r * out + c] = s;
    }
  }
  return y;
}

/**
 * Bit-serial decomposition of one quantised input q (two's complement, `a` bits, `dac` bits per step):
 * the DAC level applied in each step and the step's digital weight. Written from the README's schedule.
 */
export function inputSteps(q: number, a: number, dac: number, unsignedRow: boolean): Array<{ v: number; w: number }> {
  const out: Array<{ v: number; w: number }> = [];
  const u = unsignedRow ? q : q & (2 ** a - 1);
  for (let lo = 0; lo < a - 1; lo += dac) {
    const width = Math.min(dac, a - 1 - lo);
    out.push({ v: (u >> lo) & (2 ** width - 1), w: 2 ** lo });
  }
  out.push({ v: (u >> (a - 1)) & 1, w: unsignedRow ? 2 ** (a - 1) : -(2 ** (a - 1)) });
  return out;
}

/** Cell digits of a weight integer q: offset mapping u = q + 2^(w−1) cut into bpc-bit slices. */
export function offsetDigits(q: number, wBits: number, bpc: number): number[] {
  const u = q + 2 ** (wBits - 1);
  const slices = Math.ceil(wBits / bpc);
  return Array.from({ length: slices }, (_, s) => Math.floor(u / 2 ** (s * bpc)) % 2 ** bpc);
}
