import { DataOptionError } from "./errors.js";
import { extractSentences, type SentenceFilter } from "./sentences.js";

/**
 * Unlabelled sentences for masked-LM pretraining before an acceptability fine-tune: every sentence
 * `extractSentences` finds in the texts (default 5–40 words, longer than the task's 20 so there is more
 * text) except those in `exclude` — pass the held-out split's sentences, so pretraining never sees an
 * evaluation sentence. Only acceptable prose is returned (corruptions are made from it, never kept).
 */
export function pretrainingSentences(texts: readonly string[], exclude: readonly string[], filter: SentenceFilter = {}): string[] {
  const f = { minWords: filter.minWords ?? 5, maxWords: filter.maxWords ?? 40 };
  if (!(Number.isInteger(f.minWords) && Number.isInteger(f.maxWords) && f.minWords >= 1 && f.minWords <= f.maxWords)) {
    throw new DataOptionError(`need integers 1 <= minWords (${f.minWords}) <= maxWords (${f.maxWords})`);
  }
  const held = new Set(exclude);
  const out = extractSentences(texts, f).filter((s) => !held.has(s));
  if (out.length === 0) throw new DataOptionError("no pretraining sentences left after excluding the held-out ones; supply more prose or relax minWords/maxWords");
  return out;
}
