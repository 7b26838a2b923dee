import type { ModelInputs } from "@trex/models";

/** One batch: the model's inputs and the integer class labels. */
export interface Batch {
  readonly inputs: ModelInputs;
  readonly labels: Int32Array;
  /**
   * Text with known error sites only: a class per token [B·T] (0 on a damaged word's pieces, 1 on the
   * others, -1 where no loss applies: [CLS], [SEP], padding), for the token-level site loss.
   */
  readonly tokenTargets?: Int32Array;
  /** Augmented images only: 1 where the example was mirrored (looks up a TeacherTable's flipped logits). */
  readonly flipped?: Uint8Array;
}

/** Where a dataset came from, recorded in checkpoints and printed by the CLI. */
export interface DatasetInfo {
  /** The dataset id ("fmnist", "accept") or the resolved path. */
  readonly id: string;
  readonly split: "train" | "eval";
  /** e.g. "fashion-mnist files", "fashion-mnist embedded subset", "acceptability (SOTU)", "cola tsv", "image folder". */
  readonly source: string;
  readonly path: string | null;
}

/**
 * A labelled classification set the trainer and evaluator can batch. Images are stored preprocessed;
 * text is tokenized at batch time.
 */
/** Seeded training augmentation of one batch (images only). */
export interface ImageAugment {
  readonly seed: number;
  /** Zero padding of the random crop; 0 = horizontal flip only. */
  readonly cropPadding: number;
  /** Probability of a horizontal flip (default 0.5; 1 mirrors every image). */
  readonly flipProbability?: number;
}

export interface TaskData {
  readonly kind: "image" | "text";
  readonly info: DatasetInfo;
  readonly count: number;
  readonly numClasses: number;
  readonly labels: Int32Array;
  /**
   * The examples at `indices`. With `augment` (training), images get a seeded random crop + flip;
   * text is never augmented.
   */
  batch(indices: Int32Array, augment?: ImageAugment): Batch;
  /** Whether every batch carries `tokenTargets` (text with recorded error sites, e.g. accept-corpus). */
  readonly hasTokenTargets: boolean;
  /** Text: the vocabulary and length the examples are tokenized with (saved in checkpoints); null for images. */
  readonly tokenizer: { readonly vocab: readonly string[]; readonly maxLength: number } | null;
  /** Model config overrides this data needs (e.g. BERT's vocabSize = the tokenizer's vocabulary). */
  readonly modelOverrides: Readonly<Record<string, unknown>>;
  /** A subset of the first `n` examples in order (the same object when n ≥ count). */
  take(n: number): TaskData;
  /** The subset at the given indices (data-fraction budgets). */
  subset(indices: Int32Array): TaskData;
}
