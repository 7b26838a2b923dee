import { DataOptionError } from "./errors.js";
import { basicTokenize } from "./wordpiece.js";

export interface VocabBuilderOptions {
  /** Upper bound on the vocab size (it is smaller when the corpus has fewer candidates); default 8192. */
  vocabSize?: number;
  /** Lowercase + strip accents, as uncased BERT; default true. */
  lowercase?: boolean;
  /** Whole words and suffix pieces need at least this many occurrences; default 2. */
  minCount?: number;
  /** Longest "##" suffix piece in characters; default 6. */
  maxSuffixLength?: number;
  /** Share of the budget left after specials and characters that goes to whole words; default 0.75. */
  wordShare?: number;
}

const SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

function byCountThenText(counts: Map<string, number>): string[] {
  return [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A small deterministic WordPiece vocab builder (not Google's, which is not public): specials
 * ([PAD], [UNK], [CLS], [SEP], [MASK] = ids 0–4), then every character both as a word start and as
 * a "##" continuation (so no training word maps to [UNK]), then the most frequent whole words,
 * then the most frequent "##" suffixes of the words left out. Ties break alphabetically.
 */
export function buildWordPieceVocab(sentences: readonly string[], options: VocabBuilderOptions = {}): string[] {
  const vocabSize = options.vocabSize ?? 8192;
  const minCount = options.minCount ?? 2;
  const maxSuffix = options.maxSuffixLength ?? 6;
  const wordShare = options.wordShare ?? 0.75;
  if (!(wordShare >= 0 && wordShare <= 1)) throw new DataOptionError(`wordShare must be in [0, 1], got ${wordShare}`);
  const words = new Map<string, number>();
  for (const s of sentences) {
    for (const w of basicTokenize(s, { lowercase: options.lowercase ?? true })) words.set(w, (words.get(w) ?? 0) + 1);
  }
  const chars = new Set<string>();
  for (const w of words.keys()) for (const ch of w) chars.add(ch);
  const sortedChars = [...chars].sort();
  const vocab = [...SPECIALS, ...sortedChars, ...sortedChars.map((c) => `##${c}`)];
  if (vocab.length > vocabSize) {
    throw new DataOptionError(
      `vocabSize ${vocabSize} cannot hold the ${SPECIALS.length} special tokens and ${2 * sortedChars.length} character pieces; use at least ${vocab.length}`,
    );
  }
  const have = new Set(vocab);
  const budget = vocabSize - vocab.length;
  const wordBudget = Math.floor(budget * wordShare);
  for (const w of byCountThenText(words)) {
    if (vocab.length - (vocabSize - budget) >= wordBudget || words.get(w)! < minCount) break;
    if (!have.has(w)) {
      vocab.push(w);
      have.add(w);
    }
  }
  const suffixes = new Map<string, number>();
  for (const [w, n] of words) {
    if (have.has(w)) continue;
    const cps = Array.from(w);
    for (let len = 2; len <= Math.min(maxSuffix, cps.length - 1); len++) {
      const piece = `##${cps.slice(cps.length - len).join("")}`;
      suffixes.set(piece, (suffixes.get(piece) ?? 0) + n);
    }
  }
  for (const p of byCountThenText(suffixes)) {
    if (vocab.length >= vocabSize || suffixes.get(p)! < minCount) break;
    if (!have.has(p)) {
      vocab.push(p);
      have.add(p);
    }
  }
  return vocab;
}
