/** Options of `extractSentences`. */
export interface SentenceFilter {
  minWords?: number;
  maxWords?: number;
}

// Letters, digits, spaces and light punctuation only: no quotes, brackets, colons or dashes, which
// make corruptions and word counts ambiguous.
const PLAIN = /^[A-Za-z0-9 ,'.!?]+$/;

/**
 * Splits running prose into sentences at . ! ? followed by whitespace and a capital, after removing
 * bracketed asides ("[Laughter]", "(Applause.)") and normalising whitespace.
 */
export function splitSentences(text: string): string[] {
  const clean = text
    .replace(/\[[^\]]*\]|\([^)]*\)/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (clean === "") return [];
  const out: string[] = [];
  for (const piece of clean.split(/(?<=[.!?])\s+(?=[A-Z])/)) {
    // A split after "Mr." or "U.S." is not a sentence end: glue the pieces back together.
    const last = out.length > 0 ? out[out.length - 1].slice(out[out.length - 1].lastIndexOf(" ") + 1) : "";
    if (ABBREVIATION.test(last)) out[out.length - 1] += ` ${piece}`;
    else out.push(piece);
  }
  return out;
}

const ABBREVIATION =
  /^(Mr|Mrs|Ms|Messrs|Dr|St|Gen|Jr|Sr|Hon|Gov|Sen|Rep|Col|Capt|Lt|Maj|Adm|Prof|Rev|No|Nos|Vol|Art|Sec|Co|Inc|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec)\.$|^([A-Z]\.)+$/;

/**
 * Sentences fit for the acceptability set: minWords–maxWords words (default 5–20), plain ASCII
 * from a small character set, a capital first letter, a final . ! or ?, no other sentence mark
 * inside (drops abbreviations like "Mr." and decimals), no stray punctuation, no run of capitalised
 * words (headings), and not all capitals.
 * Duplicates are dropped, first occurrence kept.
 */
export function extractSentences(texts: readonly string[], filter: SentenceFilter = {}): string[] {
  const minWords = filter.minWords ?? 5;
  const maxWords = filter.maxWords ?? 20;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const text of texts) {
    for (const s of splitSentences(text)) {
      if (seen.has(s) || !PLAIN.test(s) || !/^[A-Z]/.test(s) || !/[a-z][.!?]$/.test(s)) continue;
      if (/[.!?]/.test(s.slice(0, -1)) || s === s.toUpperCase()) continue;
      if (/ [,'.!?]|,,|''|^'|' | '/.test(s)) continue; // stray punctuation or quote marks
      if (/\b[A-Z]{2,}[ ,]+[A-Z]{2,}\b/.test(s)) continue; // section headings run into the text ("COMMERCIAL AVIATION A ...")
      const n = s.split(" ").length;
      if (n < minWords || n > maxWords) continue;
      seen.add(s);
      out.push(s);
    }
  }
  return out;
}
