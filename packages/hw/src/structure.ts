// The structural, weightless description of a transformer that models and method plugins produce and
// the cost model prices. A method's hardware effect must come from editing this structure (fewer
// tokens, a reused attention, a shared weight group, extra ops), never from the cost model naming a
// plugin. Everything here is plain JSON.
import type { WorkloadOp } from "./ops.js";

export type ModelFamily = "vit" | "lvvit" | "bert";

/** One convolution of an image embedding (patch projection or a conv-stem layer). */
export interface ConvLayerSpec {
  outChannels: number;
  kernel: number;
  stride: number;
  padding: number;
  /** BatchNorm after the conv (folded or not, it costs one norm pass at inference). */
  batchNorm: boolean;
  activation: "none" | "relu";
}

/**
 * Image embedding: a chain of convolutions (DeiT: one 16×16 stride-16 patch conv; LV-ViT: a 3-conv
 * stem then an 8×8 stride-8 projection). The last layer's outChannels is the model dim; its output
 * pixels become tokens, plus `extraTokens` learned tokens (class, distillation).
 */
export interface ConvEmbeddingSpec {
  kind: "conv";
  imageSize: [number, number];
  inChannels: number;
  layers: ConvLayerSpec[];
  extraTokens: number;
  /** Learned position embedding added to every token. */
  positional: boolean;
}

/** Text embedding (BERT): word + position + token-type lookups, summed, then LayerNorm. */
export interface TokenEmbeddingSpec {
  kind: "token";
  vocabSize: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNorm: boolean;
}

export type EmbeddingSpec = ConvEmbeddingSpec | TokenEmbeddingSpec;

/** A layer of a Transformation Block or similar small per-block transform. */
export type TransformLayerSpec =
  | { kind: "layernorm"; dim: number }
  | { kind: "linear"; in: number; out: number; bias: boolean }
  | { kind: "gelu" };

/** The block computes its own attention: Q/K/V products, QKᵀ, softmax, S·V. */
export interface ComputeAttentionSpec {
  kind: "compute";
  qkvBias: boolean;
}

/**
 * The block reuses the attention output (concatenated S·V before the output projection, t × dim) of
 * the earlier block `source` (0-based index) through its own transform (TReX: LayerNorm → Linear
 * d×d → GELU); it skips its pre-attention norm, Q/K/V, QKᵀ, softmax and S·V.
 */
export interface ReuseAttentionSpec {
  kind: "reuse";
  source: number;
  transform: { layers: TransformLayerSpec[] };
}

export type AttentionSpec = ComputeAttentionSpec | ReuseAttentionSpec;

/** An op a plugin adds to a block; its `block` is filled in with the block's index. */
export type ExtraOp = WorkloadOp extends unknown ? DistributiveOmitBlock<WorkloadOp> : never;
type DistributiveOmitBlock<T> = T extends unknown ? Omit<T, "block"> : never;

/**
 * One encoder. Attention (norm, Q/K/V, QKᵀ, softmax, S·V, projection) runs on `tokensIn` tokens;
 * token pruning/merging inside the block sets `tokensOut`, on which the MLP runs. The next block's
 * tokensIn must equal this tokensOut.
 */
export interface BlockSpec {
  dim: number;
  heads: number;
  mlpHidden: number;
  tokensIn: number;
  tokensOut: number;
  attention: AttentionSpec;
  /** Blocks with the same group share their Q/K/V, projection and MLP crossbars (less area, same reads). */
  weightGroup?: string;
  /** Ops a method adds (token predictors, mergers, per-layer transforms), costed like any other op. */
  extraOps?: ExtraOp[];
}

/** A classifier/pooler on `tokens` pooled vectors (1 for a class token, all tokens for a dense head). */
export interface HeadSpec {
  name: string;
  in: number;
  out: number;
  tokens: number;
  activation?: "none" | "tanh";
  /** Reduce the head's per-token outputs over tokens (LV-ViT's aux head takes a max over tokens). */
  reduce?: "none" | "max";
}

/** A whole transformer, weightless and serializable. */
export interface TransformerSpec {
  family: ModelFamily;
  /** Architecture id, e.g. "deit-s"; informational. */
  name: string;
  embedding: EmbeddingSpec;
  /** Tokens entering block 0 (patches + extra tokens, or the sequence length). */
  tokens: number;
  dim: number;
  blocks: BlockSpec[];
  /** LayerNorm after the last block (on the tokens the heads read). */
  finalNorm: boolean;
  heads: HeadSpec[];
}

/** Output pixels of one conv layer along one axis. */
export function convOut(size: number, layer: ConvLayerSpec): number {
  return Math.floor((size + 2 * layer.padding - layer.kernel) / layer.stride) + 1;
}

/** The tokens a conv embedding emits (output pixels of its last layer plus its extra tokens). */
export function convEmbeddingTokens(e: ConvEmbeddingSpec): number {
  let [h, w] = e.imageSize;
  for (const l of e.layers) {
    h = convOut(h, l);
    w = convOut(w, l);
  }
  return h * w + e.extraTokens;
}

/** The usual ViT patch embedding: one patch×patch conv with stride patch. */
export function patchEmbedding(
  imageSize: number,
  patch: number,
  dim: number,
  options: { inChannels?: number; extraTokens?: number } = {},
): ConvEmbeddingSpec {
  return {
    kind: "conv",
    imageSize: [imageSize, imageSize],
    inChannels: options.inChannels ?? 3,
    layers: [{ outChannels: dim, kernel: patch, stride: patch, padding: 0, batchNorm: false, activation: "none" }],
    extraTokens: options.extraTokens ?? 1,
    positional: true,
  };
}
