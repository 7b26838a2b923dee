import { corruptLeastUsed } from "./corruption-pairs.js";
import type { Corruption } from "./corruptions.js";
import { DataOptionError } from "./errors.js";
import { checkSeed, mixSeeds, mulberry32, shuffledIndices } from "./rng.js";
import { extractSentences } from "./sentences.js";
import { buildWordPieceVocab } from "./vocab-builder.js";

export interface AcceptabilityOptions {
  /** Seed of every choice: which sentences, which corruption and where, the split, the order. */
  seed: number;
  /** Sentence pairs (one acceptable + one corrupted each); default 5000, capped by the corpus. */
  pairs?: number;
  /** Fraction of pairs held out (both members go to the same side); default 0.2. */
  heldOutFraction?: number;
  minWords?: number;
  maxWords?: number;
  /** WordPiece vocab bound (built from the training sentences); default 8192. */
  vocabSize?: number;
}

/** One side of the split; labels are CoLA-style: 1 acceptable, 0 unacceptable. */
export interface AcceptabilitySplit {
  sentences: string[];
  labels: Int32Array;
  /** The corruption that made each unacceptable sentence; null for acceptable ones. */
  corruptions: (Corruption | null)[];
  /** Which pair each sentence belongs to (the acceptable original and its corruption share one). */
  pairIds: Int32Array;
}

export interface AcceptabilityDataset {
  train: AcceptabilitySplit;
  heldOut: AcceptabilitySplit;
  /** WordPiece vocab (vocab.txt lines) built from the training sentences only. */
  vocab: string[];
  seed: number;
  stats: {
    candidateSentences: number;
    pairs: number;
    corruptions: Record<Corruption, number>;
    trainSize: number;
    heldOutSize: number;
    meanWords: number;
    vocabSize: number;
  };
}

/**
 * Builds a CoLA-like binary acceptability set from real prose: sentences are extracted and
 * filtered (`extractSentences`), a seeded sample is taken, and each gets an unacceptable twin by
 * one documented corruption (`corruptLeastUsed`): the least-used kind so far that the sentence
 * offers a site for. Pairs are split train / held-out, each split is shuffled,
 * and a WordPiece vocab is built from the training sentences. Same texts + options → same dataset.
 */
export function buildAcceptabilityDataset(texts: readonly string[], options: AcceptabilityOptions): AcceptabilityDataset {
  const { seed } = options;
  checkSeed(seed);
  const heldOutFraction = options.heldOutFraction ?? 0.2;
  if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
    throw new DataOptionError(`heldOutFraction must be in (0, 1), got ${heldOutFraction}`);
  }
  const wanted = options.pairs ?? 5000;
  if (!Number.isInteger(wanted) || wanted < 2) throw new DataOptionError(`pairs must be an integer ≥ 2, got ${wanted}`);
  const candidates = extractSentences(texts, { minWords: options.minWords, maxWords: options.maxWords });
  const order = shuffledIndices(candidates.length, mixSeeds(seed, 0));
  const rand = mulberry32(mixSeeds(seed, 1));
  const originals: string[] = [];
  const corrupted: string[] = [];
  const kinds: Corruption[] = [];
  const counts = { agreement: 0, swap: 0, deletion: 0, duplication: 0 } as Record<Corruption, number>;
  for (let k = 0; k < order.length && originals.length < wanted; k++) {
    const s = candidates[order[k]];
    const bad = corruptLeastUsed(s, counts, rand);
    if (bad === undefined) continue;
    originals.push(s);
    corrupted.push(bad.text);
    kinds.push(bad.kind);
  }
  if (originals.length < 2) {
    throw new DataOptionError(`only ${originals.length} usable sentences in the texts; supply more prose or relax minWords/maxWords`);
  }
  const pairs = originals.length;
  const pairOrder = shuffledIndices(pairs, mixSeeds(seed, 2));
  const nHeld = Math.max(1, Math.round(pairs * heldOutFraction));
  const side = (ids: ArrayLike<number>, shuffleSeed: number): AcceptabilitySplit => {
    const rows: [string, number, Corruption | null, number][] = [];
    for (let i = 0; i < ids.length; i++) {
      const p = ids[i];
      rows.push([originals[p], 1, null, p], [corrupted[p], 0, kinds[p], p]);
    }
    const o = shuffledIndices(rows.length, shuffleSeed);
    const r = Array.from(o, (i) => rows[i]);
    return {
      sentences: r.map((x) => x[0]),
      labels: Int32Array.from(r, (x) => x[1]),
      corruptions: r.map((x) => x[2]),
      pairIds: Int32Array.from(r, (x) => x[3]),
    };
  };
  const heldOut = side(pairOrder.subarray(0, nHeld), mixSeeds(seed, 3));
  const train = side(pairOrder.subarray(nHeld), mixSeeds(seed, 4));
  const vocab = buildWordPieceVocab(train.sentences, { vocabSize: options.vocabSize ?? 8192 });
  const words = originals.reduce((n, s) => n + s.split(" ").length, 0);
  return {
    train,
    heldOut,
    vocab,
    seed,
    stats: {
      candidateSentences: candidates.length,
      pairs,
      corruptions: counts,
      trainSize: train.sentences.length,
      heldOutSize: heldOut.sentences.length,
      meanWords: words / pairs,
      vocabSize: vocab.length,
    },
  };
}
