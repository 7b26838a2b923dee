import { randInt } from "./rng.js";

/** How an unacceptable sentence was made from an acceptable one. */
export type Corruption = "agreement" | "swap" | "deletion" | "duplication";
export const CORRUPTIONS: readonly Corruption[] = ["agreement", "swap", "deletion", "duplication"];

/** Agreement flips, both directions (n't forms included). */
const AGREEMENT: Record<string, string> = {};
for (const [a, b] of [
  ["is", "are"],
  ["was", "were"],
  ["has", "have"],
  ["does", "do"],
  ["isn't", "aren't"],
  ["wasn't", "weren't"],
  ["hasn't", "haven't"],
  ["doesn't", "don't"],
]) {
  AGREEMENT[a] = b;
  AGREEMENT[b] = a;
}

/** Function words whose deletion almost always breaks the sentence (articles a/an, of, to, auxiliaries, modals, some prepositions). */
export const DELETABLE_WORDS: ReadonlySet<string> = new Set([
  "a", "an", "of", "to", "is", "are", "was", "were", "has", "have", "will", "would", "be", "been",
  "must", "should", "can", "could", "by", "with", "from",
]);

/** Words whose doubling can be grammatical ("had had", "that that", "very very"); never duplicated. */
const NO_DUPLICATE: ReadonlySet<string> = new Set(["had", "that", "very", "really", "far", "many", "much", "more", "so", "too", "again", "ever"]);

const WORD = /^[a-z]+$/;
const WORD_WITH_PUNCT = /^([A-Za-z']+)([,.!?]?)$/;

/** A corrupted sentence and where the damage is. */
export interface CorruptedSentence {
  readonly text: string;
  /**
   * Indices (in `text.split(" ")`) of the words that carry the error, for token-level supervision:
   * agreement: the flipped verb; swap: both exchanged words; deletion: the word that now follows the gap
   * (the one before it when the gap is at the end); duplication: the inserted copy.
   */
  readonly sites: readonly number[];
}

/**
 * Applies one corruption to a sentence (words separated by single spaces, punctuation attached),
 * choosing the site with `rand`; returns undefined when the sentence offers no site for it.
 * - agreement: flip one of is/are, was/were, has/have, does/do (and n't forms), keeping case;
 * - swap: exchange two adjacent lowercase words (not the first word, so capitals stay put);
 * - deletion: delete one function word from DELETABLE_WORDS (not the first word);
 * - duplication: repeat one lowercase word in place ("the the"), except ones where doubling can be fine.
 */
export function corruptSentenceWithSites(sentence: string, kind: Corruption, rand: () => number): CorruptedSentence | undefined {
  const words = sentence.split(" ");
  const pick = (sites: number[]) => (sites.length === 0 ? undefined : sites[randInt(rand, sites.length)]);
  const sites: number[] = [];
  let damaged: number[];
  switch (kind) {
    case "agreement": {
      words.forEach((w, i) => {
        const m = WORD_WITH_PUNCT.exec(w);
        if (m && AGREEMENT[m[1].toLowerCase()] !== undefined) sites.push(i);
      });
      const i = pick(sites);
      if (i === undefined) return undefined;
      const [, core, punct] = WORD_WITH_PUNCT.exec(words[i])!;
      let flipped = AGREEMENT[core.toLowerCase()];
      if (core[0] !== core[0].toLowerCase()) flipped = flipped[0].toUpperCase() + flipped.slice(1);
      words[i] = flipped + punct;
      damaged = [i];
      break;
    }
    case "swap": {
      for (let i = 1; i + 1 < words.length; i++) if (WORD.test(words[i]) && WORD.test(words[i + 1]) && words[i] !== words[i + 1]) sites.push(i);
      const i = pick(sites);
      if (i === undefined) return undefined;
      [words[i], words[i + 1]] = [words[i + 1], words[i]];
      damaged = [i, i + 1];
      break;
    }
    case "deletion": {
      for (let i = 1; i < words.length; i++) if (DELETABLE_WORDS.has(words[i])) sites.push(i);
      const i = pick(sites);
      if (i === undefined) return undefined;
      words.splice(i, 1);
      damaged = [i < words.length ? i : i - 1];
      break;
    }
    case "duplication": {
      for (let i = 1; i < words.length; i++) if (WORD.test(words[i]) && !NO_DUPLICATE.has(words[i])) sites.push(i);
      const i = pick(sites);
      if (i === undefined) return undefined;
      words.splice(i, 0, words[i]);
      damaged = [i + 1];
      break;
    }
  }
  return { text: words.join(" "), sites: damaged };
}

/** `corruptSentenceWithSites` without the sites (same draws from `rand`, same text). */
export function corruptSentence(sentence: string, kind: Corruption, rand: () => number): string | undefined {
  return corruptSentenceWithSites(sentence, kind, rand)?.text;
}
