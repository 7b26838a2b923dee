import type { BlockSpec, EmbeddingSpec, HeadSpec, ModelFamily, TransformerSpec } from "@trex/hw";
import type { Tensor } from "@trex/tensor";
import { Parameter, Rng, idealEngine, reshape } from "@trex/tensor";
import type { BlockTransform, TransformSite } from "./block-transform.js";
import type { ModelConfig } from "./configs.js";
import type { AttentionMode, EncoderBlock } from "./encoder-block.js";
import { ModelLookupError, ModelStructureError } from "./errors.js";
import type { GraphEmitter } from "./graph-emitter.js";
import type { EngineAssignment, LayerRef } from "./layer-ref.js";
import type { LoadNamedOptions, LoadNamedReport, NamedTensorSource } from "./load-named.js";
import { loadNamedInto } from "./load-named.js";
import type { ForwardContext } from "./module.js";
import { Module } from "./module.js";
import type { ForwardOptions, ModelInputs, ModelOutput } from "./model-types.js";
import type { TokenHook } from "./token-hook.js";

/** What a family's embedding produced. */
export interface Embedded {
  x: Tensor;
  /** Additive per-key attention bias [B, t] (BERT padding), or null. */
  attnBias: Tensor | null;
}

/** Deterministic seed for structure edits (a TB added to block i gets its own stream). */
function editSeed(seed: number, block: number, salt: number): number {
  return (seed * 1_000_003 + block * 7919 + salt * 104_729) % Number.MAX_SAFE_INTEGER;
}

/**
 * The shared model machinery: an embedding, a stack of EncoderBlocks and heads (family subclasses), with
 * the extension points — attention reuse, token hooks, weight groups, per-block transforms, per-layer
 * product engines — plus structure (spec), naming, loading, cloning and graph emission.
 */
export abstract class TransformerModel<C extends ModelConfig = ModelConfig> extends Module {
  abstract readonly family: ModelFamily;
  readonly blocks: EncoderBlock[] = [];
  training = false;
  private assignment: EngineAssignment = () => idealEngine;

  constructor(readonly config: C) {
    super();
  }

  /** Learned tokens before the patches (class, distillation); 1 for BERT's [CLS] position. */
  abstract get prefixTokens(): number;
  /** Tokens entering block 0 at the spec's input size. */
  abstract get inputTokens(): number;
  protected abstract embed(inputs: ModelInputs, ctx: ForwardContext): Embedded;
  protected abstract heads(x: Tensor, ctx: ForwardContext): ModelOutput;
  protected abstract embeddingSpec(): EmbeddingSpec;
  protected abstract headSpecs(tokensOut: number): HeadSpec[];
  protected abstract finalNorm(): boolean;
  /** A fresh model of the same config (clone() then copies structure and values). */
  protected abstract blank(): TransformerModel<C>;
  /** Declares graph inputs and emits the embedding. */
  protected abstract emitEmbed(g: GraphEmitter): { x: string; attnBias: string | null };
  protected abstract emitHeads(g: GraphEmitter, x: string): Record<string, string>;

  /** Call after every structural change: sets module paths and parameter names to their canonical names. */
  protected assignNames(): void {
    for (const [name, m] of this.namedModules()) m.path = name;
    for (const [name, p] of this.namedParameters()) p.name = name;
    for (const [name, b] of this.namedBuffers()) if (b instanceof Parameter) b.name = name;
  }

  private block(i: number): EncoderBlock {
    const b = this.blocks[i];
    if (!b) throw new ModelLookupError(`block ${i} does not exist; this model has blocks 0..${this.blocks.length - 1}`);
    return b;
  }

  // ---- mode and engines -------------------------------------------------------------------------

  train(on = true): this {
    this.training = on;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Chooses the ProductEngine of every product (static weights, QKᵀ, S·V) by LayerRef. Default: ideal. */
  setEngines(assign: EngineAssignment): this {
    this.assignment = assign;
    return this;
  }

  /** Every product of the current structure with its LayerRef, in dataflow order (for engine planning). */
  layerRefs(): LayerRef[] {
    const refs: LayerRef[] = [];
    const seen = new Set<string>();
    this.forwardOnce((ref) => {
      const k = `${ref.block}|${ref.product}|${ref.name}`;
      if (!seen.has(k)) {
        seen.add(k);
        refs.push(ref);
      }
      return idealEngine;
    });
    return refs;
  }

  protected abstract sampleInputs(): ModelInputs;

  private forwardOnce(assign: EngineAssignment): void {
    const saved = this.assignment;
    this.assignment = assign;
    try {
      this.forward(this.sampleInputs(), { train: false });
    } finally {
      this.assignment = saved;
    }
  }

  // ---- extension points -------------------------------------------------------------------------

  /**
   * Makes block `i` reuse attention (TReX): it drops its pre-attention norm and Q/K/V and gets its own
   * Transformation Block (`<block>.attn_tb.*`). chain "computed" (default) reads the nearest earlier
   * computed attention output; "previous" reads block i−1's output even if that block reused.
   * tbInit "identity" starts the TB's Linear at the identity (TB = GELU(LayerNorm(source))) instead of
   * the seeded trunc-normal draw, so a fine-tuned model starts close to the source's attention.
   */
  setAttentionReuse(i: number, options: { chain?: "computed" | "previous"; tbInit?: "trunc-normal" | "identity" } = {}): this {
    const tb = this.block(i).setReuse(options.chain ?? "computed", new Rng(editSeed(this.config.seed, i, 1)));
    if (options.tbInit === "identity") {
      const d = tb.dim;
      const eye = new Float32Array(d * d);
      for (let k = 0; k < d; k++) eye[k * d + k] = 1;
      tb.fc.weight.assign(eye);
      tb.fc.bias!.assign(new Float32Array(d));
    }
    this.assignNames();
    return this;
  }

  /** The attention mode of every block. */
  attentionModes(): AttentionMode[] {
    return this.blocks.map((b) => b.mode);
  }

  /** The block whose attention output block i reads, or null when it computes its own. */
  reuseSource(i: number): number | null {
    const m = this.block(i).mode;
    if (m.kind === "compute") return null;
    if (m.chain === "previous") return i - 1;
    for (let j = i - 1; j >= 0; j--) if (this.blocks[j].mode.kind === "compute") return j;
    throw new ModelStructureError(`block ${i} reuses attention but no earlier block computes it`);
  }

  /** Inserts (or with null removes) a token hook in block i, between its attention and MLP. */
  setTokenHook(i: number, hook: TokenHook | null): this {
    this.block(i).setHook(hook);
    this.assignNames();
    return this;
  }

  /** Adds (or removes) a small per-block transform on block i's attention or MLP branch. */
  setBlockTransform(i: number, site: TransformSite, t: BlockTransform | null): this {
    this.block(i).setTransform(site, t);
    this.assignNames();
    return this;
  }

  /**
   * Makes the listed blocks one weight group: they all use the first block's Q/K/V, projection and MLP
   * parameters (each keeps its own LayerNorms, TB and transforms). Names: the group's parameters are
   * reported under the first block's names.
   */
  shareWeights(blocks: readonly number[], group?: string): this {
    if (blocks.length < 2) throw new ModelStructureError(`a weight group needs at least two blocks, got [${blocks.join(", ")}]`);
    const owner = this.block(blocks[0]);
    const name = group ?? `shared-${blocks.join("-")}`;
    for (const i of blocks.slice(1)) this.block(i).shareWeightsWith(owner, name);
    this.assignNames();
    return this;
  }

  // ---- forward ----------------------------------------------------------------------------------

  forward(inputs: ModelInputs, options: ForwardOptions = {}): ModelOutput {
    const train = options.train ?? this.training;
    const cache = new Map<string, ReturnType<EngineAssignment>>();
    const assign = this.assignment;
    const ctx: ForwardContext = {
      train,
      engineFor: (ref) => {
        const k = `${ref.block}|${ref.product}|${ref.kind}|${ref.name}`;
        let e = cache.get(k);
        if (!e) {
          e = assign(ref);
          cache.set(k, e);
        }
        return e;
      },
      prefixTokens: this.prefixTokens,
      attnBias: null,
      keepMask: null,
      rng: train && options.seed !== undefined ? new Rng(options.seed) : null,
      tokenLogits: options.tokenLogits ?? false,
    };
    const emb = this.embed(inputs, ctx);
    ctx.attnBias = emb.attnBias;
    let x = emb.x;
    const sources = new Set(this.blocks.map((_, i) => this.reuseSource(i)).filter((s): s is number => s !== null));
    const outs: (Tensor | null)[] = [];
    const all: Tensor[] = [];
    for (const [i, blk] of this.blocks.entries()) {
      const src = this.reuseSource(i);
      const r = blk.forward(x, ctx, src === null ? null : outs[src]);
      outs[i] = sources.has(i) ? r.attnOut : null;
      if (options.returnAttention) all.push(r.attnOut);
      const h = r.hook;
      if (h) {
        const changed = r.x.shape[1] !== x.shape[1];
        if (changed && !h.carry) throw new ModelStructureError(`the token hook of block ${i} changed the token count without a carry function`);
        const carry = (t: Tensor) => h.carry!(t);
        const carry2d = (t: Tensor) => {
          const c = carry(reshape(t, [t.shape[0], t.shape[1], 1]));
          return reshape(c, [c.shape[0], c.shape[1]]);
        };
        if (changed) for (let j = 0; j <= i; j++) if (outs[j]) outs[j] = carry(outs[j]!);
        ctx.attnBias = h.attnBias !== undefined ? h.attnBias : ctx.attnBias && changed ? carry2d(ctx.attnBias) : ctx.attnBias;
        ctx.keepMask = h.keepMask !== undefined ? h.keepMask : ctx.keepMask && changed ? carry2d(ctx.keepMask) : ctx.keepMask;
      }
      x = r.x;
    }
    const out = this.heads(x, ctx);
    if (options.returnAttention) out.attentionOutputs = all;
    return out;
  }

  // ---- structure --------------------------------------------------------------------------------

  /** The weightless structure of the model as it is now (reuse, token hooks, weight groups, transforms included). */
  spec(): TransformerSpec {
    const blocks: BlockSpec[] = [];
    let t = this.inputTokens;
    for (const [i, b] of this.blocks.entries()) {
      const s = b.spec(t, this.prefixTokens, this.reuseSource(i));
      blocks.push(s);
      t = s.tokensOut;
    }
    const dim = this.blocks[0].config.dim;
    return {
      family: this.family,
      name: this.config.name,
      embedding: this.embeddingSpec(),
      tokens: this.inputTokens,
      dim,
      blocks,
      finalNorm: this.finalNorm(),
      heads: this.headSpecs(t),
    };
  }

  // ---- state ------------------------------------------------------------------------------------

  /**
   * Loads tensors by canonical name (timm / TokenLabeling / HF state_dict names; Linear weights [out, in]).
   * A shared parameter may be given under any of its names. Shape mismatch, non-finite values and (strict)
   * missing or unexpected names throw WeightLoadError naming the tensor; nothing is written then.
   */
  loadNamed(named: NamedTensorSource, options: LoadNamedOptions = {}): LoadNamedReport {
    return loadNamedInto(new Map(this.stateEntries(true)), named, options);
  }

  /** A deep copy (structure, values, running stats, engines, mode), e.g. the distillation teacher. */
  clone(): this {
    const c = this.blank() as this;
    for (const [i, b] of this.blocks.entries()) {
      if (b.mode.kind === "reuse") c.setAttentionReuse(i, { chain: b.mode.chain });
      if (b.hook) c.setTokenHook(i, b.hook.clone());
      for (const site of ["attn", "mlp"] as const) {
        const t = b.transforms[site];
        if (t) c.setBlockTransform(i, site, t.clone());
      }
    }
    const groups = new Map<string, number[]>();
    for (const [i, b] of this.blocks.entries()) if (b.weightGroup) groups.set(b.weightGroup, [...(groups.get(b.weightGroup) ?? []), i]);
    for (const [g, idx] of groups) c.shareWeights(idx, g);
    c.loadNamed(this.stateEntries(false).map(([n, t]) => [n, { data: t.data.slice(), shape: t.shape }] as const));
    c.setEngines(this.assignment);
    c.training = this.training;
    return c;
  }

  /** The emitted graph does not carry stored attention outputs or the mask through a token-count change. */
  private checkEmittable(): void {
    let t = this.inputTokens;
    const changedAt: number[] = [];
    for (const [i, b] of this.blocks.entries()) {
      const out = b.hook ? b.hook.tokensOut(t, this.prefixTokens) : t;
      if (out !== t) changedAt.push(i);
      t = out;
      const src = this.reuseSource(i);
      if (src !== null && changedAt.some((j) => j >= src && j < i)) {
        throw new ModelStructureError(`cannot emit block ${i}: it reuses block ${src}'s attention across a token hook that changes the token count`);
      }
    }
    if (changedAt.length && this.family === "bert") {
      throw new ModelStructureError("cannot emit a BERT model whose token hooks change the token count (the padding mask is not carried in the graph)");
    }
  }

  // ---- export -----------------------------------------------------------------------------------

  /**
   * Emits the inference graph (ONNX operator vocabulary, opset 17) into `g`: declares the inputs, emits
   * embedding, blocks (reuse, hooks, transforms, shared weights once) and heads, marks the outputs and
   * returns them by name ("logits").
   */
  emit(g: GraphEmitter): Record<string, string> {
    this.checkEmittable();
    const e = this.emitEmbed(g);
    let x = e.x;
    const outs: string[] = [];
    for (const [i, b] of this.blocks.entries()) {
      const src = this.reuseSource(i);
      const r = b.emit(g, x, src === null ? null : outs[src], e.attnBias);
      outs[i] = r.attnOut;
      x = r.x;
    }
    const heads = this.emitHeads(g, x);
    for (const [name, v] of Object.entries(heads)) g.output(name, v);
    return heads;
  }
}
