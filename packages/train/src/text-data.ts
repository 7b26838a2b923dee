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
}

/** A sentence classification set (acceptability, CoLA), tokenized per batch with WordPiece. */
export class TextData implements TaskData {
  readonly kind = "text" as const;
  readonly info: DatasetInfo;
  readonly count: number;
  readonly numClasses: number;
  readonly labels: Int32Array;
  readonly modelOverrides: Readonly<Record<string, unknown>>;
  readonly tokenizer: { readonly vocab: readonly string[]; readonly maxLength: number };

  constructor(private readonly o: TextDataOptions) {
    this.info = o.info;
    this.labels = o.labels;
    this.count = o.labels.length;
    this.numClasses = o.numClasses;
    // The embedding table needs exactly one row per vocabulary piece.
    this.modelOverrides = { vocabSize: o.tokenizer.vocab.length };
    this.tokenizer = { vocab: o.tokenizer.vocab, maxLength: o.maxLength };
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
    return {
      inputs: {
        inputIds: indexTensor(trim(e.inputIds), shape),
        attentionMask: indexTensor(trim(e.attentionMask), shape),
        tokenTypeIds: indexTensor(trim(e.tokenTypeIds), shape),
      },
      labels: gatherRows(this.labels, 1, indices),
    };
  }

  take(n: number): TaskData {
    if (n >= this.count) return this;
    return this.subset(Int32Array.from({ length: n }, (_, i) => i));
  }

  subset(indices: Int32Array): TaskData {
    return new TextData({ ...this.o, sentences: Array.from(indices, (i) => this.o.sentences[i]), labels: gatherRows(this.labels, 1, indices) });
  }
}
