import { type WordPieceTokenizer } from "@trex/data";
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
export declare const NO_TOKEN_TARGET = -1;
/** A sentence classification set (acceptability, CoLA), tokenized per batch with WordPiece. */
export declare class TextData implements TaskData {
    private readonly o;
    readonly kind: "text";
    readonly info: DatasetInfo;
    readonly count: number;
    readonly numClasses: number;
    readonly labels: Int32Array;
    readonly modelOverrides: Readonly<Record<string, unknown>>;
    readonly tokenizer: {
        readonly vocab: readonly string[];
        readonly maxLength: number;
    };
    constructor(o: TextDataOptions);
    batch(indices: Int32Array): Batch;
    /**
     * Per token of the trimmed batch: 0 (the classifier's "unacceptable") on every WordPiece of a damaged
     * word, 1 on the other word pieces, NO_TOKEN_TARGET on [CLS], [SEP] and padding.
     */
    private tokenTargets;
    take(n: number): TaskData;
    subset(indices: Int32Array): TaskData;
}
//# sourceMappingURL=text-data.d.ts.map