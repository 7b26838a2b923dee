import type { Rng } from "@trex/tensor";
import { Tensor, add, div, dynamicMatmul, exp, max, mul, neg, permute, reshape, slice, softmax, sub, sum } from "@trex/tensor";
import { intsConst, op1, scalarConst } from "./emit-util.js";
import type { GraphEmitter } from "./graph-emitter.js";
import type { LayerRef, ProductName } from "./layer-ref.js";
import { Linear } from "./linear.js";
import type { ForwardContext } from "./module.js";
import { Module } from "./module.js";

export interface SelfAttentionConfig {
  dim: number;
  heads: number;
  qkvBias: boolean;
  /** "fused": one `qkv` Linear (timm); "separate": `query`, `key`, `value` Linears (HF BERT). */
  layout: "fused" | "separate";
  /** Where 1/√d_h is applied: to q before QKᵀ (timm) or to the scores after (BERT). Same math up to rounding. */
  scaleOn: "q" | "scores";
}

/** What a computed attention produced: the concatenated S·V [B, t, dim] plus what token hooks may use. */
export interface AttentionResult {
  /** Concatenated multi-head S·V, [B, t, dim], before the output projection (the tensor TReX reuses). */
  output: Tensor;
  /** Softmax probabilities [B, H, t, t]. */
  probs: Tensor;
  /** Keys [B, H, t, d_h] (ToMe matches tokens by their keys). */
  keys: Tensor;
}

// DynamicViT's softmax_with_policy epsilon.
const POLICY_EPS = 1e-6;

/**
 * Multi-head self-attention up to (not including) the output projection: Q/K/V products, QKᵀ,
 * softmax with optional per-key additive bias and soft keep policy, S·V. The Q/K/V weights are the
 * part weight sharing shares, so this module may be registered in several blocks.
 */
export class SelfAttention extends Module {
  readonly qkv: Linear | null = null;
  readonly query: Linear | null = null;
  readonly key: Linear | null = null;
  readonly value: Linear | null = null;
  readonly headDim: number;

  constructor(
    readonly config: SelfAttentionConfig,
    rng: Rng,
  ) {
    super();
    const { dim, qkvBias } = config;
    this.headDim = dim / config.heads;
    if (config.layout === "fused") {
      this.qkv = this.registerModule("qkv", new Linear(dim, 3 * dim, rng, { bias: qkvBias }));
    } else {
      this.query = this.registerModule("query", new Linear(dim, dim, rng, { bias: qkvBias }));
      this.key = this.registerModule("key", new Linear(dim, dim, rng, { bias: qkvBias }));
      this.value = this.registerModule("value", new Linear(dim, dim, rng, { bias: qkvBias }));
    }
  }

  private ref(block: number, product: ProductName, l: Linear | null): LayerRef {
    if (l) return { block, product, kind: "static", name: `${l.path}.weight` };
    return { block, product, kind: "dynamic", name: `${this.path}.${product}` };
  }

  /** Runs on x [B, t, dim] for encoder `block` (the block index goes into the LayerRefs). */
  forward(x: Tensor, ctx: ForwardContext, block: number): AttentionResult {
    const [b, t, d] = x.shape;
    const h = this.config.heads;
    const hd = this.headDim;
    let q: Tensor;
    let k: Tensor;
    let v: Tensor;
    if (this.qkv) {
      const y = this.qkv.forward(x, ctx.engineFor(this.ref(block, "qkv", this.qkv)));
      const p = permute(reshape(y, [b, t, 3, h, hd]), [2, 0, 3, 1, 4]);
      [q, k, v] = [0, 1, 2].map((i) => reshape(slice(p, 0, i, i + 1), [b, h, t, hd]));
    } else {
      const split = (l: Linear, name: ProductName) =>
        permute(reshape(l.forward(x, ctx.engineFor(this.ref(block, name, l))), [b, t, h, hd]), [0, 2, 1, 3]);
      q = split(this.query!, "q");
      k = split(this.key!, "k");
      v = split(this.value!, "v");
    }
    const scale = hd ** -0.5;
    let scores: Tensor;
    if (this.config.scaleOn === "q") {
      scores = dynamicMatmul(mul(q, scale), k, { transB: true, engine: ctx.engineFor(this.ref(block, "qk", null)) });
    } else {
      scores = div(dynamicMatmul(q, k, { transB: true, engine: ctx.engineFor(this.ref(block, "qk", null)) }), Math.sqrt(hd));
    }
    if (ctx.attnBias) scores = add(scores, reshape(ctx.attnBias, [b, 1, 1, t]));
    const probs = ctx.keepMask ? policySoftmax(scores, ctx.keepMask) : softmax(scores, -1);
    const sv = dynamicMatmul(probs, v, { engine: ctx.engineFor(this.ref(block, "sv", null)) });
    return { output: reshape(permute(sv, [0, 2, 1, 3]), [b, t, d]), probs, keys: k };
  }

  /**
   * Emits the inference graph for input x [B, t, dim] (rank 3) with an optional additive bias value
   * broadcastable to [B, H, t, t]; returns the concatenated S·V, the probabilities and the keys.
   */
  emit(g: GraphEmitter, x: string, attnBias: string | null): { output: string; probs: string; keys: string } {
    const scope = this.path;
    const h = this.config.heads;
    const hd = this.headDim;
    const d = this.config.dim;
    let q: string;
    let k: string;
    let v: string;
    if (this.qkv) {
      const y = this.qkv.emit(g, x, 3);
      const r = op1(g, "Reshape", [y, intsConst(g, "shape", [0, -1, 3, h, hd])], undefined, `/${scope}/Reshape`);
      const p = op1(g, "Transpose", [r], { perm: { ints: [2, 0, 3, 1, 4] } }, `/${scope}/Transpose`);
      [q, k, v] = [0, 1, 2].map((i) => op1(g, "Gather", [p, g.constant("idx", "int64", [], [i])], { axis: { i: 0 } }, `/${scope}/Gather_${i}`));
    } else {
      const split = (l: Linear, name: string) => {
        const y = l.emit(g, x, 3);
        const r = op1(g, "Reshape", [y, intsConst(g, "shape", [0, -1, h, hd])], undefined, `/${scope}/${name}/Reshape`);
        return op1(g, "Transpose", [r], { perm: { ints: [0, 2, 1, 3] } }, `/${scope}/${name}/Transpose`);
      };
      q = split(this.query!, "query");
      k = split(this.key!, "key");
      v = split(this.value!, "value");
    }
    const kt = op1(g, "Transpose", [k], { perm: { ints: [0, 1, 3, 2] } }, `/${scope}/Transpose_k`);
    let scores: string;
    if (this.config.scaleOn === "q") {
      const qs = op1(g, "Mul", [q, scalarConst(g, "scale", hd ** -0.5)], undefined, `/${scope}/Mul`);
      scores = op1(g, "MatMul", [qs, kt], undefined, `/${scope}/MatMul`);
    } else {
      const s = op1(g, "MatMul", [q, kt], undefined, `/${scope}/MatMul`);
      scores = op1(g, "Div", [s, scalarConst(g, "sqrt_hd", Math.sqrt(hd))], undefined, `/${scope}/Div`);
    }
    if (attnBias) scores = op1(g, "Add", [scores, attnBias], undefined, `/${scope}/Add_mask`);
    const probs = op1(g, "Softmax", [scores], { axis: { i: -1 } }, `/${scope}/Softmax`);
    const sv = op1(g, "MatMul", [probs, v], undefined, `/${scope}/MatMul_1`);
    const st = op1(g, "Transpose", [sv], { perm: { ints: [0, 2, 1, 3] } }, `/${scope}/Transpose_out`);
    const output = op1(g, "Reshape", [st, intsConst(g, "shape", [0, -1, d])], undefined, `/${scope}/Reshape_out`);
    return { output, probs, keys: k };
  }
}

/**
 * DynamicViT's softmax_with_policy: exp(s − max) weighted by the keep policy of each key (a token
 * always attends to itself), renormalised with a small epsilon so dropped tokens get no attention but
 * gradients still reach the policy.
 */
export function policySoftmax(scores: Tensor, keep: Tensor): Tensor {
  const [b, , t] = scores.shape;
  const pol = reshape(keep, [b, 1, 1, t]);
  const eye = new Float32Array(t * t);
  for (let i = 0; i < t; i++) eye[i * t + i] = 1;
  // policy + (1 − policy)·I: the diagonal is always kept.
  const attnPolicy = add(pol, mul(add(neg(pol), 1), new Tensor(eye, [1, 1, t, t])));
  const e = mul(exp(sub(scores, max(scores.detach(), -1, true))), attnPolicy);
  return div(add(e, POLICY_EPS / t), add(sum(e, -1, true), POLICY_EPS));
}
