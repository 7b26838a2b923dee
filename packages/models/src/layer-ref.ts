import type { ProductEngine } from "@trex/tensor";

/**
 * The products of a model, by role. Static products multiply by a trained weight (crossbar reads);
 * dynamic products multiply two run-time activations (QKᵀ and S·V: one operand is written into
 * crossbars per input). Plugins may name their own products (any other string).
 */
export type ProductName =
  | "embed"
  | "qkv"
  | "q"
  | "k"
  | "v"
  | "qk"
  | "sv"
  | "proj"
  | "fc1"
  | "fc2"
  | "tb"
  | "transform"
  | "head"
  | "head_dist"
  | "aux_head"
  | "pooler"
  | "classifier"
  | (string & {});

/** Names one matrix product of a model, so an engine can be chosen per layer. */
export interface LayerRef {
  /** 0-based encoder index, or null for products outside the encoders (embedding, heads). */
  readonly block: number | null;
  readonly product: ProductName;
  readonly kind: "static" | "dynamic";
  /**
   * The canonical name of the weight for static products ("blocks.3.attn.qkv.weight"); for dynamic
   * products the attention module's name plus the product ("blocks.3.attn.qk").
   */
  readonly name: string;
}

/** Picks the ProductEngine for each product of a model. */
export type EngineAssignment = (layer: LayerRef) => ProductEngine;
