import type { ExtraOp } from "@trex/hw";
import type { Tensor } from "@trex/tensor";
import type { GraphEmitter } from "./graph-emitter.js";
import type { ForwardContext } from "./module.js";
import { Module } from "./module.js";

/** Where a per-block transform sits: on the attention branch (after the projection) or on the MLP branch. */
export type TransformSite = "attn" | "mlp";

/**
 * A small per-block transform applied to a branch output before its residual add (MiniViT-style: blocks
 * sharing one weight group stay different through their own LayerNorms and these). Registered under the
 * block as `attn_transform` / `mlp_transform`.
 */
export abstract class BlockTransform extends Module {
  abstract readonly kind: string;
  abstract forward(x: Tensor, ctx: ForwardContext, block: number, site: TransformSite): Tensor;
  /** Costed ops for `tokens` tokens of width `dim`. */
  abstract extraOps(tokens: number, dim: number, site: TransformSite, block: number): ExtraOp[];
  abstract emit(g: GraphEmitter, x: string): string;
  abstract clone(): BlockTransform;
}
