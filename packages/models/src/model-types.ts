import type { IndexTensor, Tensor } from "@trex/tensor";

/** Image input: a float tensor [B, C, H, W] (NCHW, as PyTorch). */
export type ImageInput = Tensor | { readonly pixels: Tensor };

/** Text input: token ids [B, T]; optional attention mask (1 = token, 0 = padding) and token types, same shape. */
export interface TextInput {
  readonly inputIds: IndexTensor;
  readonly attentionMask?: IndexTensor;
  readonly tokenTypeIds?: IndexTensor;
}

export type ModelInputs = ImageInput | TextInput;

export interface ForwardOptions {
  /** Training mode for this call (batch statistics, both distillation heads); default: the model's mode. */
  train?: boolean;
  /** Also return every block's attention output (t × d before the projection; TB output for reusing blocks). */
  returnAttention?: boolean;
  /** Seed for training-time randomness in plugins (Gumbel noise); a seeded Rng is made per call. */
  seed?: number;
  /** BERT: also return tokenLogits, the pooler + classifier applied to every token (token-level site loss). */
  tokenLogits?: boolean;
}

export interface ModelOutput {
  /**
   * The prediction [B, classes]. DeiT-distilled: mean of both heads in eval, head(cls) alone in training
   * (with distLogits). LV-ViT: head(cls) + auxWeight · max over tokens of aux_head(tokens).
   */
  logits: Tensor;
  /** The class token after the final norm [B, dim] (BERT: the last layer's [CLS] hidden state). */
  clsToken: Tensor;
  /** DeiT-distilled in training: head_dist(dist token) [B, classes]. */
  distLogits?: Tensor;
  /** LV-ViT: head(cls) alone [B, classes] (the CE term of token labelling). */
  clsLogits?: Tensor;
  /** LV-ViT: aux_head on every patch token [B, t − 1, classes] (the dense token-label loss). */
  auxTokenLogits?: Tensor;
  /** BERT with ForwardOptions.tokenLogits: the pooler + classifier on every token [B, T, classes]. */
  tokenLogits?: Tensor;
  /** With returnAttention: per block, [B, tokensIn, dim]. */
  attentionOutputs?: Tensor[];
}
