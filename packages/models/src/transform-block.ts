import type { TransformLayerSpec } from "@trex/hw";
import type { Rng, Tensor } from "@trex/tensor";
import { gelu } from "@trex/tensor";
import { emitGelu } from "./emit-util.js";
import type { GraphEmitter } from "./graph-emitter.js";
import { LayerNorm } from "./layer-norm.js";
import { Linear } from "./linear.js";
import type { ForwardContext } from "./module.js";
import { Module } from "./module.js";

/**
 * TReX's Transformation Block: LayerNorm → Linear d×d → GELU, applied to a reused attention output
 * (t × d, before the output projection). Parameter names under the block: `attn_tb.norm.*`,
 * `attn_tb.fc.*`.
 */
export class TransformBlock extends Module {
  readonly norm: LayerNorm;
  readonly fc: Linear;

  constructor(
    readonly dim: number,
    eps: number,
    rng: Rng,
  ) {
    super();
    this.norm = this.registerModule("norm", new LayerNorm(dim, eps));
    this.fc = this.registerModule("fc", new Linear(dim, dim, rng));
  }

  forward(x: Tensor, ctx: ForwardContext, block: number): Tensor {
    const e = ctx.engineFor({ block, product: "tb", kind: "static", name: `${this.fc.path}.weight` });
    return gelu(this.fc.forward(this.norm.forward(x), e));
  }

  /** The hardware view (BlockSpec.attention.transform.layers). */
  layers(): TransformLayerSpec[] {
    return [
      { kind: "layernorm", dim: this.dim },
      { kind: "linear", in: this.dim, out: this.dim, bias: true },
      { kind: "gelu" },
    ];
  }

  emit(g: GraphEmitter, x: string): string {
    const n = this.norm.emit(g, x);
    return emitGelu(g, this.fc.emit(g, n, 3), `/${this.path}/act`);
  }
}
