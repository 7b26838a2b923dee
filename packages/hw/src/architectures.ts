// Weightless architecture specs of the models the paper evaluates, so hardware cost needs no weights.
// Facts: /work/shared/trex-method.md §7 and the timm / HuggingFace configs of each model.
import { HwLookupError, HwSpecError } from "./errors.js";
import type { BlockSpec, ConvEmbeddingSpec, HeadSpec, TransformerSpec } from "./structure.js";
import { convEmbeddingTokens, patchEmbedding } from "./structure.js";
import { validateSpec } from "./validate-spec.js";

export interface ArchitectureOptions {
  /** Square input image side for ViTs (default 224). */
  imageSize?: number;
  /** Sequence length for BERT (default 128). */
  sequenceLength?: number;
  /** Classifier outputs (default 1000 for ImageNet models, 2 for BERT on CoLA). */
  numClasses?: number;
}

function uniformBlocks(depth: number, dim: number, heads: number, mlpHidden: number, tokens: number, qkvBias: boolean): BlockSpec[] {
  return Array.from({ length: depth }, () => ({
    dim,
    heads,
    mlpHidden,
    tokensIn: tokens,
    tokensOut: tokens,
    attention: { kind: "compute", qkvBias },
  }));
}

function deit(name: string, dim: number, heads: number, o: ArchitectureOptions): TransformerSpec {
  const embedding = patchEmbedding(o.imageSize ?? 224, 16, dim);
  const tokens = convEmbeddingTokens(embedding);
  return {
    family: "vit",
    name,
    embedding,
    tokens,
    dim,
    blocks: uniformBlocks(12, dim, heads, 4 * dim, tokens, true),
    finalNorm: true,
    heads: [{ name: "head", in: dim, out: o.numClasses ?? 1000, tokens: 1 }],
  };
}

function lvvitS(o: ArchitectureOptions): TransformerSpec {
  const size = o.imageSize ?? 224;
  const cbr = (outChannels: number, kernel: number, stride: number, padding: number) => ({
    outChannels,
    kernel,
    stride,
    padding,
    batchNorm: true,
    activation: "relu" as const,
  });
  const embedding: ConvEmbeddingSpec = {
    kind: "conv",
    imageSize: [size, size],
    inChannels: 3,
    layers: [cbr(64, 7, 2, 3), cbr(64, 3, 1, 1), cbr(64, 3, 1, 1), { outChannels: 384, kernel: 8, stride: 8, padding: 0, batchNorm: false, activation: "none" }],
    extraTokens: 1,
    positional: true,
  };
  const tokens = convEmbeddingTokens(embedding);
  const classes = o.numClasses ?? 1000;
  const heads: HeadSpec[] = [
    { name: "head", in: 384, out: classes, tokens: 1 },
    // Token labelling: an aux head on every patch token, max-pooled over tokens.
    { name: "aux_head", in: 384, out: classes, tokens: tokens - 1, reduce: "max" },
  ];
  return { family: "lvvit", name: "lvvit-s", embedding, tokens, dim: 384, blocks: uniformBlocks(16, 384, 6, 1152, tokens, false), finalNorm: true, heads };
}

function bertBase(o: ArchitectureOptions): TransformerSpec {
  const t = o.sequenceLength ?? 128;
  return {
    family: "bert",
    name: "bert-base",
    embedding: { kind: "token", vocabSize: 30522, maxPositions: 512, typeVocabSize: 2, layerNorm: true },
    tokens: t,
    dim: 768,
    blocks: uniformBlocks(12, 768, 12, 3072, t, true),
    finalNorm: false,
    heads: [
      { name: "pooler", in: 768, out: 768, tokens: 1, activation: "tanh" },
      { name: "classifier", in: 768, out: o.numClasses ?? 2, tokens: 1 },
    ],
  };
}

const builders: Record<string, (o: ArchitectureOptions) => TransformerSpec> = {
  "deit-t": (o) => deit("deit-t", 192, 3, o),
  "deit-s": (o) => deit("deit-s", 384, 6, o),
  "deit-b": (o) => deit("deit-b", 768, 12, o),
  "lvvit-s": lvvitS,
  "bert-base": bertBase,
};

/** Ids accepted by architectureSpec. */
export function listArchitectures(): string[] {
  return Object.keys(builders);
}

/** The weightless spec of a known architecture; unknown ids throw HwLookupError listing the known ones. */
export function architectureSpec(id: string, options: ArchitectureOptions = {}): TransformerSpec {
  const build = builders[id];
  if (!build) throw new HwLookupError(`unknown architecture "${id}"; known: ${listArchitectures().join(", ")}`);
  for (const k of ["imageSize", "sequenceLength", "numClasses"] as const) {
    const v = options[k];
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new HwSpecError(`options.${k} must be a positive integer, got ${v}`);
  }
  return validateSpec(build(options));
}
