import { PatternError } from "./errors.js";

/**
 * Uniform reuse patterns (TReX §2). Encoders are numbered 1..N; encoder 1 never reuses, so every pattern
 * lies in 2..N. With r reusing encoders, start s ≥ 2 and stride SL:
 *   continuous(s)            = {s, s+1, …, s+r−1}                                       (r ≥ 1)
 *   strided(s, SL)           = {s, s+SL, …, s+(r−1)·SL}, SL ≥ 2                          (r ≥ 2)
 *   pyramid(s, SL, N_cont)   = a strided head of ⌊(r−N_cont)/2⌋ encoders, then a run of N_cont
 *                              consecutive encoders SL after the head, then a strided tail of the rest
 *                              (≥ 1 encoder) SL after the run; SL ≥ 2, 2 ≤ N_cont ≤ r − 2       (r ≥ 4)
 * A pattern is kept when its last encoder is ≤ N. The three families never produce the same set.
 */
export type PatternFamily = "continuous" | "strided" | "pyramid";

export interface ReusePattern {
  readonly family: PatternFamily;
  /** 1-based reusing encoders, ascending. */
  readonly encoders: readonly number[];
  readonly start: number;
  /** 1 for continuous. */
  readonly stride: number;
  /** Pyramid only: the length of the continuous run. */
  readonly nCont?: number;
  /** e.g. "strided s=2 SL=3". */
  readonly label: string;
}

function checkCounts(nEnc: number, count: number): void {
  if (!Number.isInteger(nEnc) || nEnc < 1) throw new PatternError(`nEnc = ${nEnc}: a model has a positive integer number of encoders`);
  if (!Number.isInteger(count) || count < 0 || count > nEnc - 1) {
    throw new PatternError(`count = ${count}: between 0 and ${nEnc - 1} encoders of ${nEnc} can reuse (encoder 1 never does)`);
  }
}

const fits = (enc: number[], nEnc: number) => enc[0] >= 2 && enc[enc.length - 1] <= nEnc;

/** continuous(s): r consecutive encoders from s; null when it does not fit in 2..N. */
export function continuousPattern(nEnc: number, count: number, start: number): number[] | null {
  checkCounts(nEnc, count);
  if (count < 1) throw new PatternError("a continuous pattern needs count >= 1");
  const enc = Array.from({ length: count }, (_, k) => start + k);
  return fits(enc, nEnc) ? enc : null;
}

/** strided(s, SL): r encoders SL apart from s (SL ≥ 2); null when it does not fit in 2..N. */
export function stridedPattern(nEnc: number, count: number, start: number, stride: number): number[] | null {
  checkCounts(nEnc, count);
  if (count < 2) throw new PatternError("a strided pattern needs count >= 2 (one encoder has no stride; use continuous)");
  if (!Number.isInteger(stride) || stride < 2) throw new PatternError(`stride ${stride}: a strided pattern has SL >= 2 (SL = 1 is continuous)`);
  const enc = Array.from({ length: count }, (_, k) => start + k * stride);
  return fits(enc, nEnc) ? enc : null;
}

/** pyramid(s, SL, N_cont): strided head, continuous run, strided tail (see the module comment); null when it does not fit. */
export function pyramidPattern(nEnc: number, count: number, start: number, stride: number, nCont: number): number[] | null {
  checkCounts(nEnc, count);
  if (!Number.isInteger(stride) || stride < 2) throw new PatternError(`stride ${stride}: a pyramid's strided parts have SL >= 2`);
  if (!Number.isInteger(nCont) || nCont < 2 || nCont > count - 2) {
    throw new PatternError(`nCont ${nCont}: a pyramid of ${count} has a run of 2..${count - 2} (and at least one strided encoder each side)`);
  }
  const head = Math.floor((count - nCont) / 2);
  const tail = count - nCont - head;
  const enc: number[] = [];
  let e = start;
  for (let k = 0; k < head; k++, e += stride) enc.push(e);
  e = enc[enc.length - 1] + stride;
  for (let k = 0; k < nCont; k++) enc.push(e + k);
  e = enc[enc.length - 1] + stride;
  for (let k = 0; k < tail; k++, e += stride) enc.push(e);
  return fits(enc, nEnc) ? enc : null;
}

/**
 * Every uniform pattern with `count` reusing encoders in an N-encoder model: continuous by start, then
 * strided by stride and start, then pyramid by run length, stride and start. count 0 gives one empty pattern.
 */
export function uniformPatterns(nEnc: number, count: number): ReusePattern[] {
  checkCounts(nEnc, count);
  if (count === 0) return [{ family: "continuous", encoders: [], start: 0, stride: 1, label: "none" }];
  const out: ReusePattern[] = [];
  for (let s = 2; s + count - 1 <= nEnc; s++) {
    out.push({ family: "continuous", encoders: continuousPattern(nEnc, count, s)!, start: s, stride: 1, label: `continuous s=${s}` });
  }
  if (count >= 2) {
    for (let sl = 2; 2 + (count - 1) * sl <= nEnc; sl++) {
      for (let s = 2; s + (count - 1) * sl <= nEnc; s++) {
        out.push({ family: "strided", encoders: stridedPattern(nEnc, count, s, sl)!, start: s, stride: sl, label: `strided s=${s} SL=${sl}` });
      }
    }
  }
  for (let nCont = 2; nCont <= count - 2; nCont++) {
    for (let sl = 2; ; sl++) {
      if (!pyramidPattern(nEnc, count, 2, sl, nCont)) break;
      for (let s = 2; ; s++) {
        const enc = pyramidPattern(nEnc, count, s, sl, nCont);
        if (!enc) break;
        out.push({ family: "pyramid", encoders: enc, start: s, stride: sl, nCont, label: `pyramid s=${s} SL=${sl} Ncont=${nCont}` });
      }
    }
  }
  return out;
}

/** n choose k, exact for the sizes of any transformer. */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) c = (c * (n - i + 1)) / i;
  return Math.round(c);
}

/** Every placement of `count` reusing encoders in 2..N (C(N−1, count) sets, lexicographic): the random-search space. */
export function allPlacements(nEnc: number, count: number): number[][] {
  checkCounts(nEnc, count);
  const out: number[][] = [];
  const cur: number[] = [];
  const walk = (from: number) => {
    if (cur.length === count) {
      out.push([...cur]);
      return;
    }
    for (let e = from; e <= nEnc - (count - cur.length) + 1; e++) {
      cur.push(e);
      walk(e + 1);
      cur.pop();
    }
  };
  walk(2);
  return out;
}
