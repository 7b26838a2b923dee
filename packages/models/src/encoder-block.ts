import type { AttentionSpec, BlockSpec, ExtraOp } from "@trex/hw";
import type { Rng, Tensor } from "@trex/tensor";
import { add, div } from "@trex/tensor";
import type { AttentionResult } from "./attention.js";
import { SelfAttention } from "./attention.js";
import type { BlockTransform, TransformSite } from "./block-transform.js";
import { op1, scalarConst } from "./emit-util.js";
import { ModelStructureError } from "./errors.js";
import type { GraphEmitter } from "./graph-emitter.js";
import { LayerNorm } from "./layer-norm.js";
import { Linear } from "./linear.js";
import { Mlp } from "./mlp.js";
import type { ForwardContext } from "./module.js";
import { Module } from "./module.js";
import type { TokenHook, TokenHookResult } from "./token-hook.js";
import { TransformBlock } from "./transform-block.js";

/** Where each part of a block lives in the state_dict, relative to the block (timm vs HF BERT). */
export interface BlockNaming {
  norm1: string;
  attn: string;
  proj: string;
  norm2: string;
  /** Parent of fc1/fc2; "" puts them directly under the block. */
  mlp: string;
  fc1: string;
  fc2: string;
  /** The Transformation Block of a reusing block. */
  tb: string;
}

export const TIMM_BLOCK_NAMING: BlockNaming = Object.freeze({
  norm1: "norm1",
  attn: "attn",
  proj: "attn.proj",
  norm2: "norm2",
  mlp: "mlp",
  fc1: "fc1",
  fc2: "fc2",
  tb: "attn_tb",
});

export const BERT_BLOCK_NAMING: BlockNaming = Object.freeze({
  norm1: "attention.output.LayerNorm",
  attn: "attention.self",
  proj: "attention.output.dense",
  norm2: "output.LayerNorm",
  mlp: "",
  fc1: "intermediate.dense",
  fc2: "output.dense",
  tb: "attention.tb",
});

/** One encoder block's architecture; pre-norm (ViT) and post-norm (BERT) share this one class. */
export interface EncoderBlockConfig {
  dim: number;
  heads: number;
  mlpHidden: number;
  qkvBias: boolean;
  eps: number;
  /** "pre": x + f(norm(x)) (timm); "post": norm(x + f(x)) (BERT). */
  norm: "pre" | "post";
  /** Each residual branch is divided by this (LV-ViT skip_lam = 2; 1 elsewhere). */
  skipLam: number;
  layout: "fused" | "separate";
  scaleOn: "q" | "scores";
  naming: BlockNaming;
}

/** How a block gets its attention output: compute it, or reuse an earlier block's through a TB. */
export type AttentionMode =
  | { kind: "compute" }
  | {
      kind: "reuse";
      /** "computed": the nearest earlier block that computed attention (default); "previous": block i−1's output, TB output included. */
      chain: "computed" | "previous";
    };

/** What one block's forward produced. */
export interface BlockOutput {
  x: Tensor;
  /** This block's attention output (computed S·V, or its TB output when reusing), [B, tokensIn, dim]. */
  attnOut: Tensor;
  attention: AttentionResult | null;
  hook: TokenHookResult | null;
}

/**
 * A transformer encoder block with the extension points: attention compute/reuse, a token hook between
 * attention and MLP, weight sharing (attention Q/K/V, projection and MLP modules may be shared with other
 * blocks) and per-block transforms.
 */
export class EncoderBlock extends Module {
  norm1: LayerNorm | null;
  attn: SelfAttention | null;
  proj: Linear;
  norm2: LayerNorm;
  mlp: Mlp;
  tb: TransformBlock | null = null;
  mode: AttentionMode = { kind: "compute" };
  hook: TokenHook | null = null;
  transforms: { attn: BlockTransform | null; mlp: BlockTransform | null } = { attn: null, mlp: null };
  /** Name of the weight group this block shares Q/K/V, projection and MLP with, if any. */
  weightGroup: string | null = null;

  constructor(
    readonly index: number,
    readonly config: EncoderBlockConfig,
    rng: Rng,
  ) {
    super();
    const c = config;
    const n = c.naming;
    const norm1 = new LayerNorm(c.dim, c.eps);
    const attn = new SelfAttention({ dim: c.dim, heads: c.heads, qkvBias: c.qkvBias, layout: c.layout, scaleOn: c.scaleOn }, rng);
    const proj = new Linear(c.dim, c.dim, rng);
    const norm2 = new LayerNorm(c.dim, c.eps);
    const mlp = new Mlp(c.dim, c.mlpHidden, rng, { fc1: n.fc1, fc2: n.fc2 });
    // Registration order = the family's state_dict order.
    if (c.norm === "pre") {
      this.norm1 = this.registerModule(n.norm1, norm1);
      this.attn = this.registerModule(n.attn, attn);
      this.proj = this.registerModule(n.proj, proj);
      this.norm2 = this.registerModule(n.norm2, norm2);
      this.mlp = this.registerModule(n.mlp, mlp);
    } else {
      this.attn = this.registerModule(n.attn, attn);
      this.proj = this.registerModule(n.proj, proj);
      this.norm1 = this.registerModule(n.norm1, norm1);
      this.mlp = this.registerModule(n.mlp, mlp);
      this.norm2 = this.registerModule(n.norm2, norm2);
    }
  }

  /** Switches this block to reuse: drops its pre-attention norm and Q/K/V, adds its own TB. */
  setReuse(chain: "computed" | "previous", rng: Rng): TransformBlock {
    if (this.index === 0) throw new ModelStructureError("block 0 has no earlier block to reuse attention from; reuse starts at block 1");
    const n = this.config.naming;
    if (this.attn) this.unregisterModule(n.attn);
    this.attn = null;
    if (this.config.norm === "pre" && this.norm1) {
      this.unregisterModule(n.norm1);
      this.norm1 = null;
    }
    this.tb ??= this.registerModule(n.tb, new TransformBlock(this.config.dim, this.config.eps, rng));
    this.mode = { kind: "reuse", chain };
    return this.tb;
  }

  setHook(hook: TokenHook | null): void {
    this.unregisterModule("token_hook");
    this.hook = hook;
    if (hook) this.registerModule("token_hook", hook);
  }

  setTransform(site: TransformSite, t: BlockTransform | null): void {
    this.unregisterModule(`${site}_transform`);
    this.transforms[site] = t;
    if (t) this.registerModule(`${site}_transform`, t);
  }

  /** Makes this block use `owner`'s Q/K/V, projection and MLP modules (its own norms and TB stay). */
  shareWeightsWith(owner: EncoderBlock, group: string): void {
    const n = this.config.naming;
    if (owner.config.dim !== this.config.dim || owner.config.mlpHidden !== this.config.mlpHidden) {
      throw new ModelStructureError(`blocks ${owner.index} and ${this.index} differ in dim/mlpHidden and cannot share weights`);
    }
    if (this.attn) {
      if (!owner.attn) throw new ModelStructureError(`block ${owner.index} reuses attention, so it has no Q/K/V for block ${this.index} to share`);
      this.attn = this.registerModule(n.attn, owner.attn);
    }
    this.proj = this.registerModule(n.proj, owner.proj);
    this.mlp = this.registerModule(n.mlp, owner.mlp);
    this.weightGroup = group;
    owner.weightGroup = group;
  }

  private residual(x: Tensor, branch: Tensor): Tensor {
    return add(x, this.config.skipLam === 1 ? branch : div(branch, this.config.skipLam));
  }

  /**
   * x [B, t, dim] → block output. `reused` is the source attention output when this block reuses
   * (the model resolves the chain); ignored when it computes.
   */
  forward(x: Tensor, ctx: ForwardContext, reused: Tensor | null): BlockOutput {
    const i = this.index;
    const pre = this.config.norm === "pre";
    let attention: AttentionResult | null = null;
    let attnOut: Tensor;
    if (this.attn) {
      attention = this.attn.forward(pre ? this.norm1!.forward(x) : x, ctx, i);
      attnOut = attention.output;
    } else {
      if (!reused) throw new ModelStructureError(`block ${i} reuses attention but no source output was given`);
      if (reused.shape[1] !== x.shape[1]) {
        throw new ModelStructureError(`block ${i} reuses an attention output of ${reused.shape[1]} tokens but has ${x.shape[1]}; a token hook must carry it`);
      }
      attnOut = this.tb!.forward(reused, ctx, i);
    }
    let y = this.proj.forward(attnOut, ctx.engineFor({ block: i, product: "proj", kind: "static", name: `${this.proj.path}.weight` }));
    if (this.transforms.attn) y = this.transforms.attn.forward(y, ctx, i, "attn");
    x = pre ? this.residual(x, y) : this.norm1!.forward(this.residual(x, y));
    let hook: TokenHookResult | null = null;
    if (this.hook) {
      hook = this.hook.forward({ x, attention, block: i }, ctx);
      x = hook.x;
    }
    let h = this.mlp.forward(pre ? this.norm2.forward(x) : x, ctx, i);
    if (this.transforms.mlp) h = this.transforms.mlp.forward(h, ctx, i, "mlp");
    x = pre ? this.residual(x, h) : this.norm2.forward(this.residual(x, h));
    return { x, attnOut, attention, hook };
  }

  /** The weightless view; `source` is the resolved reuse source block (model-level knowledge). */
  spec(tokensIn: number, prefixTokens: number, source: number | null): BlockSpec {
    const c = this.config;
    const attention: AttentionSpec =
      this.mode.kind === "compute"
        ? { kind: "compute", qkvBias: c.qkvBias }
        : { kind: "reuse", source: source!, transform: { layers: this.tb!.layers() } };
    const tokensOut = this.hook ? this.hook.tokensOut(tokensIn, prefixTokens) : tokensIn;
    const spec: BlockSpec = { dim: c.dim, heads: c.heads, mlpHidden: c.mlpHidden, tokensIn, tokensOut, attention };
    if (this.weightGroup) spec.weightGroup = this.weightGroup;
    const extra: ExtraOp[] = [
      ...(this.transforms.attn?.extraOps(tokensIn, c.dim, "attn", this.index) ?? []),
      ...(this.hook?.extraOps(tokensIn, c.dim) ?? []),
      ...(this.transforms.mlp?.extraOps(tokensOut, c.dim, "mlp", this.index) ?? []),
    ];
    if (extra.length) spec.extraOps = extra;
    return spec;
  }

  /**
   * Emits the inference graph: `reused` is the source attention value when reusing; `attnBias` an
   * additive bias value broadcastable to [B, H, t, t], or null.
   */
  emit(g: GraphEmitter, x: string, reused: string | null, attnBias: string | null): { x: string; attnOut: string } {
    const scope = this.path;
    const pre = this.config.norm === "pre";
    const res = (a: string, b: string, name: string) => {
      const br = this.config.skipLam === 1 ? b : op1(g, "Div", [b, scalarConst(g, "skip_lam", this.config.skipLam)], undefined, `/${scope}/${name}/Div`);
      return op1(g, "Add", [a, br], undefined, `/${scope}/${name}/Add`);
    };
    let attnOut: string;
    let probs: string | null = null;
    let keys: string | null = null;
    if (this.attn) {
      const r = this.attn.emit(g, pre ? this.norm1!.emit(g, x) : x, attnBias);
      ({ output: attnOut, probs, keys } = r);
    } else {
      if (!reused) throw new ModelStructureError(`block ${this.index} reuses attention but no source value was given`);
      attnOut = this.tb!.emit(g, reused);
    }
    let y = this.proj.emit(g, attnOut, 3);
    if (this.transforms.attn) y = this.transforms.attn.emit(g, y);
    x = pre ? res(x, y, "attn_res") : this.norm1!.emit(g, res(x, y, "attn_res"));
    if (this.hook) x = this.hook.emit(g, { x, probs, keys });
    let h = this.mlp.emit(g, pre ? this.norm2.emit(g, x) : x);
    if (this.transforms.mlp) h = this.transforms.mlp.emit(g, h);
    x = pre ? res(x, h, "mlp_res") : this.norm2.emit(g, res(x, h, "mlp_res"));
    return { x, attnOut };
  }
}
