import { gatherRows, type WordPieceTokenizer } from "@trex/data";
import { indexTensor } from "@trex/tensor";
import type { Batch, DatasetInfo, TaskData } from "./task-data.js";

export interface TextDataOptions {
  readonly info: DatasetInfo;
  readonly sentences: readonly string[];
  readonly labels: Int32Array;
  readonly numClasses: number;
  readonly tokenizer: WordPieceTokenizer;
  /** Tokens per example ([CLS] … [SEP] + padding); longer sentences are truncated. */
  readonly maxLength: number;
  /**
   * Damaged word indices per sentence (`sentence.split(" ")` positions; null or empty for an intact
   * sentence). With them every batch also carries per-token targets for the token-level site loss.
   */
  readonly sites?: readonly (readonly number[] | null)[];
}

/** Token target of [CLS], [SEP] and padding: no loss there. */
export const NO_TOKEN_TARGET = -1;

/** A sentence classification set (acceptability, CoLA), tokenized per batch with WordPiece. */
export class TextData implements TaskData {
  readonly kind = "text" as const;
  readonly info: DatasetInfo;
  readonly count: number;
  readonly numClasses: number;
  readonly labels: Int32Array;
  readonly modelOverrides: Readonly<Record<string, unknown>>;
  readonly tokenizer: { readonly vocab: readonly string[]; readonly maxLength: number };
  readonly hasTokenTargets: boolean;
  private readonly pieceCounts = new Map<number, Uint8Array>();

  constructor(private readonly o: TextDataOptions) {
    this.info = o.info;
    this.labels = o.labels;
    this.count = o.labels.length;
    this.numClasses = o.numClasses;
    // The embedding table needs exactly one row per vocabulary piece.
    this.modelOverrides = { vocabSize: o.tokenizer.vocab.length };
    this.tokenizer = { vocab: o.tokenizer.vocab, maxLength: o.maxLength };
    this.hasTokenTargets = o.sites !== undefined;
  }

  batch(indices: Int32Array): Batch {
    const texts = Array.from(indices, (i) => this.o.sentences[i]);
    const e = this.o.tokenizer.encodeBatch(texts, { maxLength: this.o.maxLength });
    // Trim the padding columns no example of this batch uses: masked positions do not change the
    // result, and attention cost grows with the square of the length.
    const full = this.o.maxLength;
    let len = 1;
    for (let r = 0; r < indices.length; r++) for (let c = len; c < full; c++) if (e.attentionMask[r * full + c] !== 0) len = c + 1;
    const trim = (a: Int32Array) => {
      if (len === full) return a;
      const out = new Int32Array(indices.length * len);
      for (let r = 0; r < indices.length; r++) out.set(a.subarray(r * full, r * full + len), r * len);
      return out;
    };
    const shape = [indices.length, len];
    const mask = trim(e.attentionMask);
    return {
      tokenTargets: this.o.sites ? this.tokenTargets(indices, mask, len) : undefined,
      inputs: {
        inputIds: indexTensor(trim(e.inputIds), shape),
        attentionMask: indexTensor(mask, shape),
        tokenTypeIds: indexTensor(trim(e.tokenTypeIds), shape),
      },
      labels: gatherRows(this.labels, 1, indices),
    };
  }

  /**
   * Per token of the trimmed batch: 0 (the classifier's "unacceptable") on every WordPiece of a damaged
   * word, 1 on the other word pieces, NO_TOKEN_TARGET on [CLS], [SEP] and padding.
   */
  private tokenTargets(indices: Int32Array, mask: Int32Array, len: number): Int32Array {
    const out = new Int32Array(indices.length * len).fill(NO_TOKEN_TARGET);
    for (let r = 0; r < indices.length; r++) {
      const pieces = this.piecesPerWord(indices[r]);
      const damaged = new Set(this.o.sites![indices[r]] ?? []);
      let t = 1; // after [CLS]
      for (let w = 0; w < pieces.length; w++) {
        for (let k = 0; k < pieces[w] && t < len; k++, t++) if (mask[r * len + t] !== 0) out[r * len + t] = damaged.has(w) ? 0 : 1;
      }
      // The last real position is [SEP]; a truncated sentence loses its tail's targets with it.
      let last = len - 1;
      while (last > 0 && mask[r * len + last] === 0) last--;
      out[r * len + last] = NO_TOKEN_TARGET;
    }
    return out;
  }

  /** WordPiece count of each word of sentence `i`, computed once per sentence (each epoch repeats them). */
  private piecesPerWord(i: number): Uint8Array {
    let p = this.pieceCounts.get(i);
    if (!p) {
      const words = this.o.sentences[i].split(" ");
      p = Uint8Array.from(words, (w) => Math.min(255, this.o.tokenizer.tokenize(w).length));
      this.pieceCounts.set(i, p);
    }
    return p;
  }

  take(n: number): TaskData {
    if (n >= this.count) return this;
    return this.subset(Int32Array.from({ length: n }, (_, i) => i));
  }

  subset(indices: Int32Array): TaskData {
    const sites = this.o.sites;
    return new TextData({
      ...this.o,
      sentences: Array.from(indices, (i) => this.o.sentences[i]),
      labels: gatherRows(this.labels, 1, indices),
      sites: sites ? Array.from(indices, (i) => sites[i]) : undefined,
    });
  }
}
