import type { BertConfig, LvvitConfig, ModelConfig, VitConfig } from "./configs.js";
import { validateConfig } from "./configs.js";
import { ModelConfigError, ModelLookupError } from "./errors.js";
import type { TransformerModel } from "./transformer.js";
import { VisionTransformer } from "./vit.js";
import { LvVit } from "./lvvit.js";
import { BertForSequenceClassification } from "./bert.js";

// The model registry (timm habit): each id is a config preset (data, not code) plus its family's builder.

/** A registered architecture: id, a one-line description and its default config. */
export interface ModelEntry {
  readonly id: string;
  readonly description: string;
  readonly config: Readonly<ModelConfig>;
}

const vit = (name: string, dim: number, heads: number, o: Partial<VitConfig> = {}): VitConfig => ({
  family: "vit",
  name,
  imageSize: 224,
  patchSize: 16,
  inChannels: 3,
  numClasses: 1000,
  dim,
  depth: 12,
  heads,
  mlpRatio: 4,
  qkvBias: true,
  eps: 1e-6,
  distilled: false,
  seed: 0,
  ...o,
});

const lvvitS: LvvitConfig = {
  family: "lvvit",
  name: "lvvit-s",
  imageSize: 224,
  patchSize: 16,
  inChannels: 3,
  numClasses: 1000,
  dim: 384,
  depth: 16,
  heads: 6,
  mlpRatio: 3,
  qkvBias: false,
  eps: 1e-5,
  skipLam: 2,
  stemChannels: 64,
  auxWeight: 0.5,
  seed: 0,
};

const bertBase: BertConfig = {
  family: "bert",
  name: "bert-base",
  vocabSize: 30522,
  hidden: 768,
  layers: 12,
  heads: 12,
  intermediate: 3072,
  maxPositions: 512,
  typeVocabSize: 2,
  eps: 1e-12,
  numClasses: 2,
  sequenceLength: 128,
  padTokenId: 0,
  seed: 0,
};

const entries: ModelEntry[] = [
  { id: "deit-t", description: "DeiT-Tiny, patch 16, 224×224 (timm deit_tiny_patch16_224)", config: vit("deit-t", 192, 3) },
  { id: "deit-s", description: "DeiT-Small, patch 16, 224×224 (timm deit_small_patch16_224)", config: vit("deit-s", 384, 6) },
  { id: "deit-b", description: "DeiT-Base, patch 16, 224×224 (timm deit_base_patch16_224)", config: vit("deit-b", 768, 12) },
  {
    id: "deit-s-distilled",
    description: "DeiT-Small distilled: dist token and head_dist (timm deit_small_distilled_patch16_224)",
    config: vit("deit-s-distilled", 384, 6, { distilled: true }),
  },
  { id: "lvvit-s", description: "LV-ViT-S, 16 blocks, conv stem, token labelling aux head (TokenLabeling lvvit_s)", config: lvvitS },
  { id: "bert-base", description: "BERT-Base for sequence classification (HF bert-base-uncased); sequenceLength is the priced length", config: bertBase },
  {
    id: "deit-fmnist",
    description: "DeiT-style for Fashion-MNIST: 28×28×1, patch 7 (16+1 tokens), dim 64, 12 blocks, 4 heads, MLP ratio 2",
    // Patch 7, not 4: a third of the tokens makes a training step ~3× cheaper, and the plain ViT needs the
    // epochs (patch 4 reached 85.5 % in the 8 epochs an hour bought; see @trex/zoo's README).
    config: vit("deit-fmnist", 64, 4, { imageSize: 28, patchSize: 7, inChannels: 1, numClasses: 10, mlpRatio: 2 }),
  },
  {
    id: "lvvit-fmnist",
    description: "LV-ViT-style for Fashion-MNIST: 28×28×1, stem 7×7 s2 → 14×14, 2×2 s2 projection (49+1 tokens), dim 64, 16 blocks",
    config: { ...lvvitS, name: "lvvit-fmnist", imageSize: 28, patchSize: 4, inChannels: 1, numClasses: 10, dim: 64, heads: 4, mlpRatio: 2, stemChannels: 32 },
  },
  {
    id: "bert-accept",
    description: "BERT-style acceptability classifier: 12 layers, hidden 128, 4 heads; set vocabSize to the tokenizer's vocabulary",
    config: { ...bertBase, name: "bert-accept", vocabSize: 8192, hidden: 128, heads: 4, intermediate: 256, maxPositions: 64, sequenceLength: 64 },
  },
];

const byId = new Map(entries.map((e) => [e.id, e]));

/** Registered model ids. */
export function listModels(): string[] {
  return [...byId.keys()];
}

/** A registered model's entry (description and default config); unknown ids throw ModelLookupError. */
export function getModelEntry(id: string): ModelEntry {
  const e = byId.get(id);
  if (!e) throw new ModelLookupError(`unknown model "${id}"; known models: ${listModels().join(", ")}`);
  return e;
}

/** The validated config of `id` with `overrides` applied (the family cannot be overridden). */
export function modelConfig(id: string, overrides: Partial<ModelConfig> = {}): Readonly<ModelConfig> {
  const base = getModelEntry(id).config;
  if ("family" in overrides && overrides.family !== base.family) {
    throw new ModelConfigError(`override family "${overrides.family}" differs from ${id}'s family "${base.family}"; pick another model id`);
  }
  for (const k of Object.keys(overrides)) {
    if (!(k in base)) throw new ModelConfigError(`unknown config field "${k}" for ${id}; fields: ${Object.keys(base).join(", ")}`);
  }
  return validateConfig({ ...base, ...overrides } as ModelConfig);
}

/** Builds a model from a config object (any family). */
export function modelFromConfig(config: ModelConfig): TransformerModel {
  switch (config.family) {
    case "vit":
      return new VisionTransformer(config);
    case "lvvit":
      return new LvVit(config);
    case "bert":
      return new BertForSequenceClassification(config);
    default:
      return validateConfig(config) as never;
  }
}

/** The front door: a freshly initialised (seeded) model of a registered id, with config overrides. */
export function createModel(id: string, overrides: Partial<ModelConfig> = {}): TransformerModel {
  return modelFromConfig(modelConfig(id, overrides));
}
