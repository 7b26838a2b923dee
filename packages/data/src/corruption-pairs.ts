import { CORRUPTIONS, type CorruptedSentence, type Corruption, corruptSentenceWithSites } from "./corruptions.js";
import { DataOptionError } from "./errors.js";
import { checkSeed, mixSeeds, mulberry32 } from "./rng.js";

/** Acceptable sentences, each followed by its corrupted twin, with where each twin is damaged. */
export interface CorruptionPairs {
  /** `sentences[2k]` is an original (label 1), `sentences[2k + 1]` its corruption (label 0). */
  readonly sentences: string[];
  readonly labels: Int32Array;
  /** Damaged word indices (in `sentence.split(" ")`) of each corrupted sentence; null for originals. */
  readonly sites: (readonly number[] | null)[];
  readonly corruptions: (Corruption | null)[];
  /** How many pairs each corruption made, and how many sentences offered no site for any. */
  readonly stats: { readonly pairs: number; readonly corruptions: Record<Corruption, number>; readonly skipped: number };
}

/**
 * The set's corruption rule: the least-used kind so far (ties in CORRUPTIONS order) that the sentence
 * offers a site for and that changes it; counts the kind used. Undefined when no kind applies.
 */
export function corruptLeastUsed(
  sentence: string,
  counts: Record<Corruption, number>,
  rand: () => number,
): (CorruptedSentence & { kind: Corruption }) | undefined {
  // Least-used kind first keeps the kinds balanced although agreement applies less often.
  const tryOrder = [...CORRUPTIONS].sort((a, b) => counts[a] - counts[b] || CORRUPTIONS.indexOf(a) - CORRUPTIONS.indexOf(b));
  for (const kind of tryOrder) {
    const bad = corruptSentenceWithSites(sentence, kind, rand);
    if (bad !== undefined && bad.text !== sentence) {
      counts[kind]++;
      return { ...bad, kind };
    }
  }
  return undefined;
}

/**
 * Pairs every given sentence with a corrupted twin, by the same rule as the acceptability set (the
 * least-used corruption so far that the sentence offers a site for, site drawn from `seed`), keeping the
 * damaged word indices so a model can be trained to point at the error as well as to judge the sentence.
 * Used to train on many more pairs than the embedded set holds, from text outside its held-out split.
 */
export function buildCorruptionPairs(originals: readonly string[], options: { seed: number }): CorruptionPairs {
  checkSeed(options.seed);
  const rand = mulberry32(mixSeeds(options.seed, 0xc0bb));
  const counts = { agreement: 0, swap: 0, deletion: 0, duplication: 0 } as Record<Corruption, number>;
  const sentences: string[] = [];
  const labels: number[] = [];
  const sites: (readonly number[] | null)[] = [];
  const corruptions: (Corruption | null)[] = [];
  let skipped = 0;
  for (const s of originals) {
    const bad = corruptLeastUsed(s, counts, rand);
    if (bad === undefined) {
      skipped++;
      continue;
    }
    sentences.push(s, bad.text);
    labels.push(1, 0);
    sites.push(null, bad.sites);
    corruptions.push(null, bad.kind);
  }
  if (sentences.length === 0) throw new DataOptionError(`none of the ${originals.length} sentences offers a site for any corruption; supply more prose`);
  return { sentences, labels: Int32Array.from(labels), sites, corruptions, stats: { pairs: sentences.length / 2, corruptions: counts, skipped } };
}
