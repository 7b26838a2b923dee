import type { ConvEmbeddingSpec, ConvLayerSpec, HeadSpec } from "@trex/hw";
import type { ProductEngine, Tensor } from "@trex/tensor";
import { Rng, add, max, mul, relu, slice, zeros } from "@trex/tensor";
import { BatchNorm2d } from "./batch-norm.js";
import { Conv2d } from "./conv.js";
import type { LvvitConfig } from "./configs.js";
import { validateConfig } from "./configs.js";
import { intsConst, op1, scalarConst } from "./emit-util.js";
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
import { tokenAt } from "./vit.js";

/** TokenLabeling PatchEmbed4_2: three conv+BN+ReLU stem layers (7×7 s2, 3×3, 3×3), then a patch/2 projection. */
class ConvStem extends Module {
  readonly convs: Conv2d[] = [];
  readonly bns: BatchNorm2d[] = [];
  readonly proj: Conv2d;

  constructor(c: LvvitConfig, rng: Rng) {
    super();
    const s = c.stemChannels;
    const geo = [
      [c.inChannels, 7, 2, 3],
      [s, 3, 1, 1],
      [s, 3, 1, 1],
    ];
    for (const [i, [cin, k, st, p]] of geo.entries()) {
      this.convs.push(this.registerModule(`conv${i + 1}`, new Conv2d({ inChannels: cin, outChannels: s, kernel: k, stride: st, padding: p, bias: false }, rng)));
      this.bns.push(this.registerModule(`bn${i + 1}`, new BatchNorm2d(s)));
    }
    const np = c.patchSize / 2;
    this.proj = this.registerModule("proj", new Conv2d({ inChannels: s, outChannels: c.dim, kernel: np, stride: np, padding: 0, bias: true }, rng));
  }

  forward(x: Tensor, ctx: ForwardContext): Tensor {
    const eng = (m: Conv2d): ProductEngine => ctx.engineFor({ block: null, product: "embed", kind: "static", name: `${m.path}.weight` });
    for (let i = 0; i < 3; i++) x = relu(this.bns[i].forward(this.convs[i].forward(x, eng(this.convs[i])), ctx.train));
    return this.proj.forward(x, eng(this.proj));
  }

  emit(g: GraphEmitter, x: string): string {
    for (let i = 0; i < 3; i++) x = op1(g, "Relu", [this.bns[i].emit(g, this.convs[i].emit(g, x))], undefined, `/patch_embed/relu_${i + 1}`);
    return this.proj.emit(g, x);
  }

  layers(): ConvLayerSpec[] {
    const l: ConvLayerSpec[] = this.convs.map((cv) => ({
      outChannels: cv.config.outChannels,
      kernel: cv.config.kernel,
      stride: cv.config.stride,
      padding: cv.config.padding,
      batchNorm: true,
      activation: "relu",
    }));
    const p = this.proj.config;
    l.push({ outChannels: p.outChannels, kernel: p.kernel, stride: p.stride, padding: 0, batchNorm: false, activation: "none" });
    return l;
  }
}

/**
 * TokenLabeling LV-ViT: conv stem, cls token, pos_embed, pre-norm blocks without qkv bias whose residual
 * branches are divided by skip_lam, final norm, `head` on the class token and `aux_head` on every patch
 * token; logits = head(cls) + auxWeight · max over tokens of aux_head(tokens).
 */
export class LvVit extends TransformerModel<LvvitConfig> {
  readonly family = "lvvit" as const;
  readonly patchEmbed: ConvStem;
  readonly clsToken;
  readonly posEmbed;
  readonly norm: LayerNorm;
  readonly head: Linear;
  readonly auxHead: Linear;

  constructor(config: LvvitConfig) {
    const c = validateConfig(config);
    super(c);
    const rng = new Rng(c.seed);
    this.patchEmbed = this.registerModule("patch_embed", new ConvStem(c, rng));
    this.clsToken = this.registerParameter("cls_token", tokenParam([1, 1, c.dim], rng));
    this.posEmbed = this.registerParameter("pos_embed", tokenParam([1, this.inputTokens, c.dim], rng));
    const bc = {
      dim: c.dim,
      heads: c.heads,
      mlpHidden: Math.floor(c.dim * c.mlpRatio),
      qkvBias: c.qkvBias,
      eps: c.eps,
      norm: "pre" as const,
      skipLam: c.skipLam,
      layout: "fused" as const,
      scaleOn: "q" as const,
      naming: TIMM_BLOCK_NAMING,
    };
    for (let i = 0; i < c.depth; i++) this.blocks.push(this.registerModule(`blocks.${i}`, new EncoderBlock(i, bc, rng)));
    this.norm = this.registerModule("norm", new LayerNorm(c.dim, c.eps));
    this.head = this.registerModule("head", new Linear(c.dim, c.numClasses, rng));
    this.auxHead = this.registerModule("aux_head", new Linear(c.dim, c.numClasses, rng));
    this.assignNames();
  }

  get prefixTokens(): number {
    return 1;
  }

  get inputTokens(): number {
    return (this.config.imageSize / this.config.patchSize) ** 2 + 1;
  }

  protected embed(inputs: ModelInputs, ctx: ForwardContext): Embedded {
    const c = this.config;
    const img = imageTensor(inputs, c.inChannels, c.imageSize, c.name);
    return { x: prependAndPosition(toTokens(this.patchEmbed.forward(img, ctx)), [this.clsToken], this.posEmbed), attnBias: null };
  }

  protected heads(x: Tensor, ctx: ForwardContext): ModelOutput {
    const f = this.norm.forward(x);
    const cls = tokenAt(f, 0);
    const clsLogits = this.head.forward(cls, ctx.engineFor({ block: null, product: "head", kind: "static", name: "head.weight" }));
    const aux = this.auxHead.forward(slice(f, 1, 1), ctx.engineFor({ block: null, product: "aux_head", kind: "static", name: "aux_head.weight" }));
    const logits = add(clsLogits, mul(max(aux, 1), this.config.auxWeight));
    return { logits, clsLogits, auxTokenLogits: aux, clsToken: cls };
  }

  protected embeddingSpec(): ConvEmbeddingSpec {
    const c = this.config;
    return {
      kind: "conv",
      imageSize: [c.imageSize, c.imageSize],
      inChannels: c.inChannels,
      layers: this.patchEmbed.layers(),
      extraTokens: 1,
      positional: true,
    };
  }

  protected headSpecs(tokensOut: number): HeadSpec[] {
    const c = this.config;
    return [
      { name: "head", in: c.dim, out: c.numClasses, tokens: 1 },
      { name: "aux_head", in: c.dim, out: c.numClasses, tokens: tokensOut - 1, reduce: "max" },
    ];
  }

  protected finalNorm(): boolean {
    return true;
  }

  protected blank(): LvVit {
    return new LvVit(this.config);
  }

  protected sampleInputs(): ModelInputs {
    const c = this.config;
    return zeros([1, c.inChannels, c.imageSize, c.imageSize]);
  }

  protected emitEmbed(g: GraphEmitter): { x: string; attnBias: string | null } {
    const c = this.config;
    const px = g.input("pixel_values", "float32", ["batch", c.inChannels, c.imageSize, c.imageSize]);
    return { x: emitTokens(g, this.patchEmbed.emit(g, px), [["cls_token", this.clsToken]], ["pos_embed", this.posEmbed], c.dim), attnBias: null };
  }

  protected emitHeads(g: GraphEmitter, x: string): Record<string, string> {
    const f = this.norm.emit(g, x);
    const cls = op1(g, "Gather", [f, g.constant("idx", "int64", [], [0])], { axis: { i: 1 } }, "/token_0/Gather");
    const logits = this.head.emit(g, cls, 2);
    const toks = op1(g, "Slice", [f, intsConst(g, "start", [1]), intsConst(g, "end", [2 ** 31 - 1]), intsConst(g, "axes", [1])], undefined, "/aux/Slice");
    const aux = this.auxHead.emit(g, toks, 3);
    const mx = op1(g, "ReduceMax", [aux], { axes: { ints: [1] }, keepdims: { i: 0 } }, "/aux/ReduceMax");
    const w = op1(g, "Mul", [mx, scalarConst(g, "aux_weight", this.config.auxWeight)], undefined, "/aux/Mul");
    return { logits: op1(g, "Add", [logits, w], undefined, "/Add") };
  }
}
