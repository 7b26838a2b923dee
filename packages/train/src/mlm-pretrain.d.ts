import { type WordPieceTokenizer } from "@trex/data";
import { type BertForSequenceClassification, BertMlmHead } from "@trex/models";
import { type ProgressSink } from "./progress.js";
/** Everything that decides a masked-LM pretraining run. */
export interface MlmSettings {
    readonly seed: number;
    readonly batchSize: number;
    readonly steps: number;
    /** Peak AdamW learning rate, reached after warmupSteps, then cosine decay to minLr. */
    readonly lr: number;
    readonly minLr: number;
    readonly warmupSteps: number;
    /** Decoupled weight decay on matrices (not on biases, norms or position embeddings). */
    readonly weightDecay: number;
    readonly clipNorm: number;
    /** Tokens per sentence ([CLS] … [SEP]); longer sentences are truncated. */
    readonly maxLength: number;
    /** BERT's 15 %. */
    readonly maskProb: number;
}
export declare const MLM_DEFAULTS: Omit<MlmSettings, "steps">;
export interface MlmRunOptions {
    readonly progress?: ProgressSink | null;
    readonly logEvery?: number;
    /** Sentences kept out of training to report masked-token accuracy on every evalEvery steps. */
    readonly evalSentences?: readonly string[];
    readonly evalEvery?: number;
    readonly checkpointEvery?: number;
    /** Called every checkpointEvery steps and at the end with the step reached (the model and head are live). */
    readonly onCheckpoint?: (step: number, head: BertMlmHead) => void | Promise<void>;
    /** A head to continue with (e.g. loaded from a checkpoint); default a fresh seeded one. */
    readonly head?: BertMlmHead;
}
export interface MlmEval {
    /** Mean masked-token cross-entropy and the share of masked tokens predicted exactly. */
    readonly loss: number;
    readonly accuracy: number;
    readonly predicted: number;
}
export interface MlmResult {
    readonly steps: number;
    readonly epochs: number;
    /** Mean masked-LM loss over the last min(50, steps) steps. */
    readonly finalLoss: number;
    readonly eval: MlmEval | null;
    readonly wallSeconds: number;
    readonly cpuSeconds: number;
    readonly head: BertMlmHead;
}
/** Masked-token loss and accuracy of the head on `sentences` (fixed masking from `seed`, no gradients). */
export declare function evaluateMlm(head: BertMlmHead, tokenizer: WordPieceTokenizer, sentences: readonly string[], o: {
    seed: number;
    maxLength?: number;
    batchSize?: number;
}): MlmEval;
/**
 * Masked-LM pretraining of a BERT encoder (in place) on unlabelled sentences, as BERT pretrains: seeded
 * 15 % / 80-10-10 masking per step, cross-entropy at the masked positions only, AdamW with warmup + cosine.
 * The pooler and classifier are not trained (fine-tuning starts them from their init). Deterministic: the
 * sentence order depends on (seed, epoch), the masking on (seed, step).
 */
export declare function pretrainMlm(model: BertForSequenceClassification, sentences: readonly string[], tokenizer: WordPieceTokenizer, settings: MlmSettings, run?: MlmRunOptions): Promise<MlmResult>;
//# sourceMappingURL=mlm-pretrain.d.ts.map