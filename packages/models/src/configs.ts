import { ModelConfigError } from "./errors.js";

// Architecture configs: plain, serializable, validated objects. A factory in the registry fills one in;
// overrides replace fields before validation.

/** timm VisionTransformer / DeiT (optionally distilled). */
export interface VitConfig {
  readonly family: "vit";
  readonly name: string;
  readonly imageSize: number;
  readonly patchSize: number;
  readonly inChannels: number;
  readonly numClasses: number;
  readonly dim: number;
  readonly depth: number;
  readonly heads: number;
  /** MLP hidden = floor(dim · mlpRatio), as timm. */
  readonly mlpRatio: number;
  readonly qkvBias: boolean;
  /** LayerNorm epsilon (timm ViT: 1e-6). */
  readonly eps: number;
  /** DeiT distilled: a dist token and `head_dist`. */
  readonly distilled: boolean;
  /** Seed of the parameter init. */
  readonly seed: number;
}

/** TokenLabeling LV-ViT with the PatchEmbed4_2 conv stem. */
export interface LvvitConfig {
  readonly family: "lvvit";
  readonly name: string;
  readonly imageSize: number;
  /** Token size in input pixels; the stem halves the image, so the projection is patchSize/2. */
  readonly patchSize: number;
  readonly inChannels: number;
  readonly numClasses: number;
  readonly dim: number;
  readonly depth: number;
  readonly heads: number;
  readonly mlpRatio: number;
  readonly qkvBias: boolean;
  /** LayerNorm epsilon (TokenLabeling passes none: torch's default 1e-5). */
  readonly eps: number;
  /** Residual branches are divided by this (2). */
  readonly skipLam: number;
  /** Channels of the three stem convs (64 in PatchEmbed4_2). */
  readonly stemChannels: number;
  /** Weight of the max-pooled aux head in the logits (0.5). */
  readonly auxWeight: number;
  readonly seed: number;
}

/** HuggingFace BertForSequenceClassification. */
export interface BertConfig {
  readonly family: "bert";
  readonly name: string;
  readonly vocabSize: number;
  readonly hidden: number;
  readonly layers: number;
  readonly heads: number;
  readonly intermediate: number;
  readonly maxPositions: number;
  readonly typeVocabSize: number;
  /** LayerNorm epsilon (1e-12). */
  readonly eps: number;
  readonly numClasses: number;
  /** The sequence length the structure (spec) is priced at; inputs may be shorter. */
  readonly sequenceLength: number;
  /** Row of the word embedding kept at zero at init (HF padding_idx). */
  readonly padTokenId: number;
  readonly seed: number;
}

export type ModelConfig = VitConfig | LvvitConfig | BertConfig;

function posInt(c: object, k: string): void {
  const v = (c as Record<string, unknown>)[k];
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new ModelConfigError(`config.${k} must be a positive integer, got ${JSON.stringify(v)}`);
  }
}

function posNum(c: object, k: string): void {
  const v = (c as Record<string, unknown>)[k];
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
    throw new ModelConfigError(`config.${k} must be a positive finite number, got ${JSON.stringify(v)}`);
  }
}

function bool(c: object, k: string): void {
  const v = (c as Record<string, unknown>)[k];
  if (typeof v !== "boolean") throw new ModelConfigError(`config.${k} must be a boolean, got ${JSON.stringify(v)}`);
}

function seed(c: { seed: unknown }): void {
  if (typeof c.seed !== "number" || !Number.isSafeInteger(c.seed)) {
    throw new ModelConfigError(`config.seed must be a safe integer, got ${JSON.stringify(c.seed)}`);
  }
}

function headsDivide(dim: number, heads: number, dimKey: string): void {
  if (dim % heads !== 0) throw new ModelConfigError(`config.heads (${heads}) must divide config.${dimKey} (${dim})`);
}

/** Checks a config and returns it frozen; throws ModelConfigError naming the first bad field. */
export function validateConfig<C extends ModelConfig>(c: C): Readonly<C> {
  if (typeof c !== "object" || c === null) throw new ModelConfigError("config must be an object");
  if (typeof c.name !== "string" || c.name === "") throw new ModelConfigError("config.name must be a non-empty string");
  seed(c);
  switch (c.family) {
    case "vit":
    case "lvvit": {
      for (const k of ["imageSize", "patchSize", "inChannels", "numClasses", "dim", "depth", "heads"]) posInt(c, k);
      for (const k of ["mlpRatio", "eps"]) posNum(c, k);
      bool(c, "qkvBias");
      headsDivide(c.dim, c.heads, "dim");
      if (Math.floor(c.dim * c.mlpRatio) < 1) throw new ModelConfigError(`config.mlpRatio ${c.mlpRatio} gives an empty MLP for dim ${c.dim}`);
      if (c.family === "vit") {
        bool(c, "distilled");
        if (c.imageSize % c.patchSize !== 0) {
          throw new ModelConfigError(`config.imageSize (${c.imageSize}) must be a multiple of config.patchSize (${c.patchSize})`);
        }
      } else {
        for (const k of ["skipLam", "auxWeight"]) posNum(c, k);
        posInt(c, "stemChannels");
        if (c.patchSize % 2 !== 0 || c.patchSize < 2) throw new ModelConfigError(`config.patchSize (${c.patchSize}) must be even: the stem halves the image`);
        if ((c.imageSize / 2) % (c.patchSize / 2) !== 0 || c.imageSize % 2 !== 0) {
          throw new ModelConfigError(`config.imageSize (${c.imageSize}) must be a multiple of config.patchSize (${c.patchSize})`);
        }
      }
      break;
    }
    case "bert": {
      for (const k of ["vocabSize", "hidden", "layers", "heads", "intermediate", "maxPositions", "typeVocabSize", "numClasses", "sequenceLength"]) posInt(c, k);
      posNum(c, "eps");
      headsDivide(c.hidden, c.heads, "hidden");
      if (c.sequenceLength > c.maxPositions) {
        throw new ModelConfigError(`config.sequenceLength (${c.sequenceLength}) must not exceed config.maxPositions (${c.maxPositions})`);
      }
      if (!Number.isInteger(c.padTokenId) || c.padTokenId < 0 || c.padTokenId >= c.vocabSize) {
        throw new ModelConfigError(`config.padTokenId must be an id in [0, ${c.vocabSize}), got ${JSON.stringify(c.padTokenId)}`);
      }
      break;
    }
    default:
      throw new ModelConfigError(`config.family must be "vit", "lvvit" or "bert", got ${JSON.stringify((c as { family: unknown }).family)}`);
  }
  return Object.freeze({ ...c }) as Readonly<C>;
}
