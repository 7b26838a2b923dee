import { DataOptionError, TextFormatError } from "./errors.js";

/** The special tokens BERT uses; all must be in the vocab. */
export const BERT_SPECIAL_TOKENS = { pad: "[PAD]", unk: "[UNK]", cls: "[CLS]", sep: "[SEP]", mask: "[MASK]" } as const;

/** Parses a BERT `vocab.txt` (one token per line, id = line index; a trailing \r is dropped). */
export function parseVocab(text: string, name = "vocab.txt"): string[] {
  const lines = text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const seen = new Map<string, number>();
  lines.forEach((tok, i) => {
    const first = seen.get(tok);
    if (first !== undefined) {
      throw new TextFormatError(
        `${name}:${i + 1}: token ${JSON.stringify(tok)} already appears on line ${first + 1}; each token must be on exactly one line (its line index is its id)`,
        name,
        i + 1,
      );
    }
    seen.set(tok, i);
  });
  return lines;
}

const isControl = (ch: string) => ch !== "\t" && ch !== "\n" && ch !== "\r" && /\p{C}/u.test(ch);
const isWhitespace = (ch: string) => ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || /\p{Zs}/u.test(ch);
function isPunctuation(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  // BERT counts every non-alphanumeric ASCII character as punctuation (e.g. $, ^, `), plus Unicode P*.
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
  return /\p{P}/u.test(ch);
}
function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

export interface BasicTokenizeOptions {
  /** Lowercase and strip accents (uncased BERT); default true. */
  lowercase?: boolean;
  /** Put spaces around CJK ideographs (BERT's tokenize_chinese_chars); default true. */
  cjk?: boolean;
  /** Tokens never lowercased or split (the special tokens). */
  neverSplit?: ReadonlySet<string>;
}

/**
 * BERT's BasicTokenizer: drop NUL/U+FFFD/control characters, map whitespace to spaces, isolate
 * CJK ideographs, split on whitespace, lowercase + strip accents (NFD, drop Mn) when uncased,
 * then split off every punctuation character.
 */
export function basicTokenize(text: string, options: BasicTokenizeOptions = {}): string[] {
  const lowercase = options.lowercase ?? true;
  const cjk = options.cjk ?? true;
  let clean = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0 || cp === 0xfffd || isControl(ch)) continue;
    if (isWhitespace(ch)) clean += " ";
    else if (cjk && isCjk(cp)) clean += ` ${ch} `;
    else clean += ch;
  }
  const out: string[] = [];
  for (let token of clean.trim().split(/ +/)) {
    if (token === "") continue;
    if (options.neverSplit?.has(token)) {
      out.push(token);
      continue;
    }
    if (lowercase) token = token.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "");
    let cur = "";
    for (const ch of token) {
      if (isPunctuation(ch)) {
        if (cur !== "") out.push(cur);
        out.push(ch);
        cur = "";
      } else cur += ch;
    }
    if (cur !== "") out.push(cur);
  }
  return out;
}

/**
 * Greedy longest-match-first WordPiece over one basic token; continuations carry "##". A word
 * longer than `maxChars` code points, or one with an unmatchable piece, becomes `unk`.
 */
export function wordpiece(word: string, vocab: ReadonlyMap<string, number> | ReadonlySet<string>, unk = "[UNK]", maxChars = 100): string[] {
  const chars = Array.from(word);
  if (chars.length > maxChars) return [unk];
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = chars.length;
    let found: string | undefined;
    while (start < end) {
      const sub = (start > 0 ? "##" : "") + chars.slice(start, end).join("");
      if (vocab.has(sub)) {
        found = sub;
        break;
      }
      end--;
    }
    if (found === undefined) return [unk];
    pieces.push(found);
    start = end;
  }
  return pieces;
}

export interface EncodeOptions {
  /** Pad/truncate to this many tokens (including [CLS]/[SEP]); default 128. */
  maxLength?: number;
  /** Pad up to maxLength (default true); false keeps the natural length. */
  padding?: boolean;
}

/** One encoded example, as BERT takes it. */
export interface Encoding {
  inputIds: Int32Array;
  attentionMask: Int32Array;
  tokenTypeIds: Int32Array;
  tokens: string[];
}

/** BERT's full tokenizer: BasicTokenizer + WordPiece + [CLS] … [SEP] framing with padding and truncation. */
export class WordPieceTokenizer {
  readonly vocab: readonly string[];
  readonly ids: ReadonlyMap<string, number>;
  readonly lowercase: boolean;
  private readonly neverSplit: ReadonlySet<string>;

  constructor(vocab: readonly string[], options: { lowercase?: boolean } = {}) {
    this.vocab = vocab;
    this.ids = new Map(vocab.map((t, i) => [t, i]));
    const missing = Object.values(BERT_SPECIAL_TOKENS).filter((t) => t !== "[MASK]" && !this.ids.has(t));
    if (missing.length > 0) {
      throw new DataOptionError(`vocab lacks the special token(s) ${missing.join(", ")}; a BERT vocab needs [PAD], [UNK], [CLS] and [SEP]`);
    }
    this.lowercase = options.lowercase ?? true;
    this.neverSplit = new Set(Object.values(BERT_SPECIAL_TOKENS).filter((t) => this.ids.has(t)));
  }

  id(token: string): number {
    return this.ids.get(token) ?? this.ids.get(BERT_SPECIAL_TOKENS.unk)!;
  }

  /** Text → WordPiece tokens (no [CLS]/[SEP]). */
  tokenize(text: string): string[] {
    return basicTokenize(text, { lowercase: this.lowercase, neverSplit: this.neverSplit }).flatMap((w) =>
      this.neverSplit.has(w) ? [w] : wordpiece(w, this.ids, BERT_SPECIAL_TOKENS.unk),
    );
  }

  /**
   * `[CLS] a [SEP]` or `[CLS] a [SEP] b [SEP]`; pairs are truncated longest-first (HF's default),
   * token type 0 for the first segment and 1 for the second.
   */
  encode(text: string, pair?: string, options: EncodeOptions = {}): Encoding {
    const maxLength = options.maxLength ?? 128;
    const specials = pair === undefined ? 2 : 3;
    if (!Number.isInteger(maxLength) || maxLength < specials) {
      throw new DataOptionError(`maxLength must be an integer ≥ ${specials} (room for [CLS]/[SEP]), got ${maxLength}`);
    }
    const a = this.tokenize(text);
    const b = pair === undefined ? [] : this.tokenize(pair);
    while (a.length + b.length > maxLength - specials) {
      if (a.length > b.length) a.pop(); // ties trim the second segment, as BERT and HF do
      else b.pop();
    }
    const tokens = ["[CLS]", ...a, "[SEP]", ...(pair === undefined ? [] : [...b, "[SEP]"])];
    const n = options.padding === false ? tokens.length : maxLength;
    const inputIds = new Int32Array(n).fill(this.id(BERT_SPECIAL_TOKENS.pad));
    const attentionMask = new Int32Array(n);
    const tokenTypeIds = new Int32Array(n);
    tokens.forEach((t, i) => {
      inputIds[i] = this.id(t);
      attentionMask[i] = 1;
      tokenTypeIds[i] = i > a.length + 1 ? 1 : 0;
    });
    return { inputIds, attentionMask, tokenTypeIds, tokens };
  }

  /** Encodes many texts into row-major count×maxLength arrays (always padded). */
  encodeBatch(texts: readonly string[], options: { maxLength?: number } = {}): {
    inputIds: Int32Array;
    attentionMask: Int32Array;
    tokenTypeIds: Int32Array;
    count: number;
    maxLength: number;
  } {
    const maxLength = options.maxLength ?? 128;
    const inputIds = new Int32Array(texts.length * maxLength);
    const attentionMask = new Int32Array(texts.length * maxLength);
    const tokenTypeIds = new Int32Array(texts.length * maxLength);
    texts.forEach((t, i) => {
      const e = this.encode(t, undefined, { maxLength });
      inputIds.set(e.inputIds, i * maxLength);
      attentionMask.set(e.attentionMask, i * maxLength);
      tokenTypeIds.set(e.tokenTypeIds, i * maxLength);
    });
    return { inputIds, attentionMask, tokenTypeIds, count: texts.length, maxLength };
  }
}
