/** A float32 tensor in row-major order with its shape. */
export interface NamedArray {
  data: Float32Array;
  shape: number[];
}

/** Families the importer recognises. */
export type OnnxFamily = "vit" | "vit-distilled" | "lvvit" | "bert";

/** Hyperparameters of a ViT-family graph, read from its structure (timm / TokenLabeling argument names). */
export interface VisionImportConfig {
  family: "vit" | "vit-distilled" | "lvvit";
  imageSize: number;
  inChans: number;
  patchSize: number;
  embedDim: number;
  depth: number;
  numHeads: number;
  mlpHiddenDim: number;
  qkvBias: boolean;
  layerNormEps: number;
  numClasses: number;
  numPrefixTokens: number;
  /** LV-ViT: residual branches are divided by this (1 for DeiT). */
  skipLam: number;
  /** LV-ViT: conv stem (kernel, stride, padding, out channels per conv before the projection). */
  stem?: { kernel: number; stride: number; padding: number; channels: number }[];
  /** LV-ViT: the weight of max-pooled aux-head logits added to the class-token logits. */
  auxHeadWeight?: number;
  /** LV-ViT: BatchNorm eps of the identity BN written for the folded stem (see README). */
  batchNormEps?: number;
}

/** Hyperparameters of a BERT sequence classifier (HF config names in camelCase). */
export interface BertImportConfig {
  family: "bert";
  vocabSize: number;
  hiddenSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  intermediateSize: number;
  maxPositionEmbeddings: number;
  typeVocabSize: number;
  layerNormEps: number;
  numLabels: number;
}

export type ImportConfig = VisionImportConfig | BertImportConfig;

/** How one canonical parameter was found in the file. */
export interface MatchRecord {
  /** Canonical (state_dict) name. */
  name: string;
  /** Initializer it came from. */
  source: string;
  transform: "identity" | "transpose" | "bn-identity";
}

/** The result of importing an ONNX file: family, config and parameters under canonical state_dict names. */
export interface ImportedModel {
  family: OnnxFamily;
  config: ImportConfig;
  named: Map<string, NamedArray>;
  matches: MatchRecord[];
  /** Graph input names in the order the model takes them (pixel_values, or ids, mask, token types). */
  inputs: { role: "pixel_values" | "input_ids" | "attention_mask" | "token_type_ids"; name: string }[];
  output: string;
}
