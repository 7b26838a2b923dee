import type { Tensor } from "@trex/tensor";
import { add, concat, expand, permute, reshape } from "@trex/tensor";
import type { Parameter, Rng } from "@trex/tensor";
import { truncParam } from "./param-init.js";
import { initValue, intsConst, op1 } from "./emit-util.js";
import type { GraphEmitter } from "./graph-emitter.js";

// Shared by the ViT and LV-ViT embeddings: NCHW feature map → tokens, learned prefix tokens, pos_embed.

/** [B, d, h, w] → [B, h·w, d] (timm flatten(2).transpose(1, 2)). */
export function toTokens(f: Tensor): Tensor {
  const [b, d, h, w] = f.shape;
  return permute(reshape(f, [b, d, h * w]), [0, 2, 1]);
}

/** A learned [1, 1, dim] token or [1, t, dim] table, trunc-normal std .02 (timm). */
export function tokenParam(shape: number[], rng: Rng): Parameter {
  return truncParam(shape, rng);
}

/** cat(prefix tokens expanded to the batch, patch tokens) + pos_embed. */
export function prependAndPosition(tokens: Tensor, prefix: readonly Tensor[], pos: Tensor): Tensor {
  const b = tokens.shape[0];
  const d = tokens.shape[2];
  const pre = prefix.map((p) => expand(p, [b, 1, d]));
  return add(concat([...pre, tokens], 1), pos);
}

/** Emits Reshape/Transpose, Expand of each prefix token to the batch, Concat and the pos_embed Add. */
export function emitTokens(g: GraphEmitter, feat: string, prefix: readonly [string, Tensor][], pos: [string, Tensor], dim: number): string {
  const r = op1(g, "Reshape", [feat, intsConst(g, "shape", [0, dim, -1])], undefined, "/patch_embed/Reshape");
  const t = op1(g, "Transpose", [r], { perm: { ints: [0, 2, 1] } }, "/patch_embed/Transpose");
  const batch = op1(g, "Slice", [op1(g, "Shape", [t]), intsConst(g, "start", [0]), intsConst(g, "end", [1])], undefined, "/prefix/batch");
  const shape = op1(g, "Concat", [batch, intsConst(g, "shape", [1, dim])], { axis: { i: 0 } }, "/prefix/shape");
  const pre = prefix.map(([n, p]) => op1(g, "Expand", [initValue(g, p, n), shape], undefined, `/${n}/Expand`));
  const cat = op1(g, "Concat", [...pre, t], { axis: { i: 1 } }, "/Concat");
  return op1(g, "Add", [cat, initValue(g, pos[1], pos[0])], undefined, "/pos_embed/Add");
}
