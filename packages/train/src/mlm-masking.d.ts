/** BERT's masking recipe (Devlin et al. 2019, §3.1): which tokens are predicted and how their inputs are replaced. */
export interface MaskingOptions {
    /** Seed of every draw (selection, replacement kind, random token). */
    readonly seed: number;
    /** Id of [MASK]. */
    readonly maskTokenId: number;
    /** Vocabulary size; random replacements are drawn from the ids not in specialIds. */
    readonly vocabSize: number;
    /** Ids never selected nor drawn as random replacements ([PAD], [UNK], [CLS], [SEP], [MASK]). */
    readonly specialIds: readonly number[];
    /** Probability that a token is selected for prediction; default 0.15. */
    readonly maskProb?: number;
    /** Of the selected: share replaced by [MASK] (default 0.8) and by a random token (default 0.1); the rest stay. */
    readonly maskShare?: number;
    readonly randomShare?: number;
}
/** A masked batch: the model input and what to predict where. */
export interface MaskedBatch {
    /** The input ids with the selected tokens replaced ([B·T], same layout as the input). */
    readonly inputIds: Int32Array;
    /** Flat positions b·T + t of the selected tokens, ascending. */
    readonly positions: Int32Array;
    /** The original ids at `positions` (the prediction targets). */
    readonly targets: Int32Array;
}
/**
 * Applies BERT's masked-LM corruption to a batch of ids: every non-special token with attention mask 1 is
 * selected independently with probability maskProb (at least one per batch, so the loss is defined); a
 * selected token becomes [MASK] with probability maskShare, a uniformly drawn non-special token with
 * probability randomShare, and stays itself otherwise. Deterministic in `seed`.
 */
export declare function maskTokens(ids: Int32Array, attentionMask: Int32Array, o: MaskingOptions): MaskedBatch;
//# sourceMappingURL=mlm-masking.d.ts.map