import type { ConvEmbeddingSpec, HeadSpec } from "@trex/hw";
import type { Tensor } from "@trex/tensor";
import { Rng, add, div, reshape, slice, zeros } from "@trex/tensor";
import { Conv2d } from "./conv.js";
import type { VitConfig } from "./configs.js";
import { validateConfig } from "./configs.js";
import { op1 } from "./emit-util.js";
import { EncoderBlock, TIMM_BLOCK_NAMING } from "./encoder-block.js";
import type { GraphEmitter } from "./graph-emitter.js";
import { imageTensor } from "./image-input.js";
import { LayerNorm } from "./layer-norm.js";
import { Linear } from "./linear.js";
import type { ModelInputs, ModelOutput } from "./model-types.js";
import type { ForwardContext } from "./module.js";
import { Module } from "./module.js";
import { emitTokens, prependAndPosition, toTokens, tokenParam } from "./patch-tokens.js";
import type { Embedded } from "./transformer.js";
import { TransformerModel } from "./transformer.js";

class PatchEmbed extends Module {
  readonly proj: Conv2d;
  constructor(c: VitConfig, rng: Rng) {
    super();
    this.proj = this.registerModule("proj", new Conv2d({ inChannels: c.inChannels, outChannels: c.dim, kernel: c.patchSize, stride: c.patchSize, padding: 0, bias: true }, rng));
  }
}

/** Token at `i` of x [B, t, d] → [B, d]. */
export function tokenAt(x: Tensor, i: number): Tensor {
  return reshape(slice(x, 1, i, i + 1), [x.shape[0], x.shape[2]]);
}

/**
 * timm VisionTransformer as DeiT builds it (patch conv, cls token, pos_embed, pre-norm blocks, final norm,
 * head on the class token), and VisionTransformerDistilled (dist token, head_dist). Parameter names are
 * timm's state_dict names.
 */
export class VisionTransformer extends TransformerModel<VitConfig> {
  readonly family = "vit" as const;
  readonly patchEmbed: PatchEmbed;
  readonly clsToken;
  readonly distToken;
  readonly posEmbed;
  readonly norm: LayerNorm;
  readonly head: Linear;
  readonly headDist: Linear | null;

  constructor(config: VitConfig) {
    const c = validateConfig(config);
    super(c);
    const rng = new Rng(c.seed);
    this.patchEmbed = this.registerModule("patch_embed", new PatchEmbed(c, rng));
    this.clsToken = this.registerParameter("cls_token", tokenParam([1, 1, c.dim], rng));
    this.distToken = c.distilled ? this.registerParameter("dist_token", tokenParam([1, 1, c.dim], rng)) : null;
    this.posEmbed = this.registerParameter("pos_embed", tokenParam([1, this.inputTokens, c.dim], rng));
    const blockConfig = {
      dim: c.dim,
      heads: c.heads,
      mlpHidden: Math.floor(c.dim * c.mlpRatio),
      qkvBias: c.qkvBias,
      eps: c.eps,
      norm: "pre" as const,
      skipLam: 1,
      layout: "fused" as const,
      scaleOn: "q" as const,
      naming: TIMM_BLOCK_NAMING,
    };
    for (let i = 0; i < c.depth; i++) this.blocks.push(this.registerModule(`blocks.${i}`, new EncoderBlock(i, blockConfig, rng)));
    this.norm = this.registerModule("norm", new LayerNorm(c.dim, c.eps));
    this.head = this.registerModule("head", new Linear(c.dim, c.numClasses, rng));
    this.headDist = c.distilled ? this.registerModule("head_dist", new Linear(c.dim, c.numClasses, rng)) : null;
    this.assignNames();
  }

  get prefixTokens(): number {
    return this.config.distilled ? 2 : 1;
  }

  get inputTokens(): number {
    return (this.config.imageSize / this.config.patchSize) ** 2 + this.prefixTokens;
  }

  protected embed(inputs: ModelInputs, ctx: ForwardContext): Embedded {
    const c = this.config;
    const img = imageTensor(inputs, c.inChannels, c.imageSize, c.name);
    const e = ctx.engineFor({ block: null, product: "embed", kind: "static", name: "patch_embed.proj.weight" });
    const prefix = this.distToken ? [this.clsToken, this.distToken] : [this.clsToken];
    return { x: prependAndPosition(toTokens(this.patchEmbed.proj.forward(img, e)), prefix, this.posEmbed), attnBias: null };
  }

  protected heads(x: Tensor, ctx: ForwardContext): ModelOutput {
    const f = this.norm.forward(x);
    const cls = tokenAt(f, 0);
    const logits = this.head.forward(cls, ctx.engineFor({ block: null, product: "head", kind: "static", name: "head.weight" }));
    if (!this.headDist) return { logits, clsToken: cls };
    const dist = this.headDist.forward(tokenAt(f, 1), ctx.engineFor({ block: null, product: "head_dist", kind: "static", name: "head_dist.weight" }));
    // timm: training returns both heads; inference averages them.
    if (ctx.train) return { logits, distLogits: dist, clsToken: cls };
    return { logits: div(add(logits, dist), 2), clsToken: cls };
  }

  protected embeddingSpec(): ConvEmbeddingSpec {
    const c = this.config;
    return {
      kind: "conv",
      imageSize: [c.imageSize, c.imageSize],
      inChannels: c.inChannels,
      layers: [{ outChannels: c.dim, kernel: c.patchSize, stride: c.patchSize, padding: 0, batchNorm: false, activation: "none" }],
      extraTokens: this.prefixTokens,
      positional: true,
    };
  }

  protected headSpecs(): HeadSpec[] {
    const c = this.config;
    const h: HeadSpec[] = [{ name: "head", in: c.dim, out: c.numClasses, tokens: 1 }];
    if (c.distilled) h.push({ name: "head_dist", in: c.dim, out: c.numClasses, tokens: 1 });
    return h;
  }

  protected finalNorm(): boolean {
    return true;
  }

  protected blank(): VisionTransformer {
    return new VisionTransformer(this.config);
  }

  protected sampleInputs(): ModelInputs {
    const c = this.config;
    return zeros([1, c.inChannels, c.imageSize, c.imageSize]);
  }

  protected emitEmbed(g: GraphEmitter): { x: string; attnBias: string | null } {
    const c = this.config;
    const px = g.input("pixel_values", "float32", ["batch", c.inChannels, c.imageSize, c.imageSize]);
    const feat = this.patchEmbed.proj.emit(g, px);
    const prefix: [string, Tensor][] = [["cls_token", this.clsToken]];
    if (this.distToken) prefix.push(["dist_token", this.distToken]);
    return { x: emitTokens(g, feat, prefix, ["pos_embed", this.posEmbed], c.dim), attnBias: null };
  }

  protected emitHeads(g: GraphEmitter, x: string): Record<string, string> {
    const f = this.norm.emit(g, x);
    const tok = (i: number) => op1(g, "Gather", [f, g.constant("idx", "int64", [], [i])], { axis: { i: 1 } }, `/token_${i}/Gather`);
    const logits = this.head.emit(g, tok(0), 2);
    if (!this.headDist) return { logits };
    const dist = this.headDist.emit(g, tok(1), 2);
    const sum = op1(g, "Add", [logits, dist], undefined, "/head/Add");
    return { logits: op1(g, "Div", [sum, g.constant("two", "float32", [], [2])], undefined, "/head/Div") };
  }
}
