import type { ModelConfig } from "@trex/models";

/** A float32 tensor in row-major order with its shape. */
export interface NamedArray {
  data: Float32Array;
  shape: number[];
}

/** Families the importer recognises. */
export type OnnxFamily = "vit" | "vit-distilled" | "lvvit" | "bert";

/**
 * The architecture config read from the graph, in @trex/models' ModelConfig form (VitConfig,
 * LvvitConfig, BertConfig) so `createModel(config)` builds the matching model. `name` is
 * "onnx:<family>" and `seed` 0 (the weights come from the file).
 */
export type ImportConfig = ModelConfig;

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
