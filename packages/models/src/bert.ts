import type { HeadSpec, TokenEmbeddingSpec } from "@trex/hw";
import type { IndexTensor, Tensor } from "@trex/tensor";
import { Rng, add, embedding, indexTensor, tanh, tensor } from "@trex/tensor";
import { truncParam } from "./param-init.js";
import type { BertConfig } from "./configs.js";
import { validateConfig } from "./configs.js";
import { initValue, intsConst, op1, scalarConst } from "./emit-util.js";
import { BERT_BLOCK_NAMING, EncoderBlock } from "./encoder-block.js";
import { ModelInputError } from "./errors.js";
import type { GraphEmitter } from "./graph-emitter.js";
import { LayerNorm } from "./layer-norm.js";
import { Linear } from "./linear.js";
import type { ForwardOptions, ModelInputs, ModelOutput, TextInput } from "./model-types.js";
import type { ForwardContext } from "./module.js";
import { Module } from "./module.js";
import type { Embedded } from "./transformer.js";
import { TransformerModel } from "./transformer.js";
import { tokenAt } from "./vit.js";

/** BERT's output: ModelOutput plus the last layer's hidden states (for token-level heads such as masked LM). */
export interface BertOutput extends ModelOutput {
  /** The last encoder layer's output [B, T, hidden] (HF `last_hidden_state`). */
  sequenceOutput: Tensor;
}

/** transformers ≥ 4.21: masked positions get finfo(float32).min added to their scores. */
export const BERT_MASK_VALUE = -3.4028234663852886e38;

class BertEmbeddings extends Module {
  readonly wordEmbeddings;
  readonly positionEmbeddings;
  readonly tokenTypeEmbeddings;
  readonly layerNorm: LayerNorm;
  constructor(c: BertConfig, rng: Rng) {
    super();
    const table = (rows: number) => truncParam([rows, c.hidden], rng);
    this.wordEmbeddings = this.registerParameter("word_embeddings.weight", table(c.vocabSize));
    // HF zeroes the padding row at init.
    this.wordEmbeddings.data.fill(0, c.padTokenId * c.hidden, (c.padTokenId + 1) * c.hidden);
    this.positionEmbeddings = this.registerParameter("position_embeddings.weight", table(c.maxPositions));
    this.tokenTypeEmbeddings = this.registerParameter("token_type_embeddings.weight", table(c.typeVocabSize));
    this.layerNorm = this.registerModule("LayerNorm", new LayerNorm(c.hidden, c.eps));
  }
}

function checkIds(name: string, t: IndexTensor, shape: readonly number[], limit: number, fix: string): void {
  if (t.shape.length !== 2 || t.shape[0] !== shape[0] || t.shape[1] !== shape[1]) {
    throw new ModelInputError(`${name} must have shape [${shape.join(", ")}] like inputIds, got [${t.shape.join(", ")}]`);
  }
  for (let i = 0; i < t.data.length; i++) {
    const v = t.data[i];
    if (v < 0 || v >= limit) throw new ModelInputError(`${name}[${i}] = ${v} is out of range [0, ${limit}); ${fix}`);
  }
}

/**
 * HuggingFace BertForSequenceClassification: word + position + token-type embeddings with LayerNorm,
 * post-norm encoder layers with an additive padding mask, tanh pooler on [CLS], classifier. Parameter
 * names are HF's (`bert.encoder.layer.0.attention.self.query.weight`, ...).
 */
export class BertForSequenceClassification extends TransformerModel<BertConfig> {
  readonly family = "bert" as const;
  readonly embeddings: BertEmbeddings;
  readonly pooler: Linear;
  readonly classifier: Linear;

  constructor(config: BertConfig) {
    const c = validateConfig(config);
    super(c);
    const rng = new Rng(c.seed);
    this.embeddings = this.registerModule("bert.embeddings", new BertEmbeddings(c, rng));
    const bc = {
      dim: c.hidden,
      heads: c.heads,
      mlpHidden: c.intermediate,
      qkvBias: true,
      eps: c.eps,
      norm: "post" as const,
      skipLam: 1,
      layout: "separate" as const,
      scaleOn: "scores" as const,
      naming: BERT_BLOCK_NAMING,
    };
    for (let i = 0; i < c.layers; i++) this.blocks.push(this.registerModule(`bert.encoder.layer.${i}`, new EncoderBlock(i, bc, rng)));
    this.pooler = this.registerModule("bert.pooler.dense", new Linear(c.hidden, c.hidden, rng));
    this.classifier = this.registerModule("classifier", new Linear(c.hidden, c.numClasses, rng));
    this.assignNames();
  }

  get prefixTokens(): number {
    return 1;
  }

  get inputTokens(): number {
    return this.config.sequenceLength;
  }

  /** As TransformerModel.forward, typed with the sequence output BERT's heads return. */
  override forward(inputs: ModelInputs, options: ForwardOptions = {}): BertOutput {
    return super.forward(inputs, options) as BertOutput;
  }

  protected embed(inputs: ModelInputs, ctx: ForwardContext): Embedded {
    void ctx;
    const c = this.config;
    if (!("inputIds" in inputs)) throw new ModelInputError(`${c.name} takes {inputIds, attentionMask?, tokenTypeIds?} (int ids [B, T]), not an image`);
    const t = inputs as TextInput;
    const ids = t.inputIds;
    if (ids.shape.length !== 2 || ids.shape[0] < 1 || ids.shape[1] < 1) {
      throw new ModelInputError(`inputIds must be [batch, sequence], got [${ids.shape.join(", ")}]`);
    }
    const [b, n] = ids.shape;
    if (n > c.maxPositions) throw new ModelInputError(`sequence length ${n} exceeds maxPositions ${c.maxPositions}; truncate the input`);
    checkIds("inputIds", ids, [b, n], c.vocabSize, "use the tokenizer that matches this model's vocabulary");
    const types = t.tokenTypeIds ?? indexTensor(new Int32Array(b * n), [b, n]);
    checkIds("tokenTypeIds", types, [b, n], c.typeVocabSize, `token types are 0..${c.typeVocabSize - 1}`);
    const e = this.embeddings;
    const pos = embedding(e.positionEmbeddings, indexTensor(Array.from({ length: n }, (_, i) => i), [n]));
    let x = add(add(embedding(e.wordEmbeddings, ids), embedding(e.tokenTypeEmbeddings, types)), pos);
    x = e.layerNorm.forward(x);
    let attnBias: Tensor | null = null;
    if (t.attentionMask) {
      checkIds("attentionMask", t.attentionMask, [b, n], 2, "the mask is 1 for tokens and 0 for padding");
      attnBias = tensor(Array.from(t.attentionMask.data, (m) => (1 - m) * BERT_MASK_VALUE), [b, n]);
    }
    return { x, attnBias };
  }

  protected heads(x: Tensor, ctx: ForwardContext): BertOutput {
    const cls = tokenAt(x, 0);
    const poolerEngine = ctx.engineFor({ block: null, product: "pooler", kind: "static", name: "bert.pooler.dense.weight" });
    const classifierEngine = ctx.engineFor({ block: null, product: "classifier", kind: "static", name: "classifier.weight" });
    const logits = this.classifier.forward(tanh(this.pooler.forward(cls, poolerEngine)), classifierEngine);
    const out: BertOutput = { logits, clsToken: cls, sequenceOutput: x };
    // The same head on every position: "is the sentence broken here?" (trained by the token-level site loss).
    if (ctx.tokenLogits) out.tokenLogits = this.classifier.forward(tanh(this.pooler.forward(x, poolerEngine)), classifierEngine);
    return out;
  }

  protected embeddingSpec(): TokenEmbeddingSpec {
    const c = this.config;
    return { kind: "token", vocabSize: c.vocabSize, maxPositions: c.maxPositions, typeVocabSize: c.typeVocabSize, layerNorm: true };
  }

  protected headSpecs(): HeadSpec[] {
    const c = this.config;
    return [
      { name: "pooler", in: c.hidden, out: c.hidden, tokens: 1, activation: "tanh" },
      { name: "classifier", in: c.hidden, out: c.numClasses, tokens: 1 },
    ];
  }

  protected finalNorm(): boolean {
    return false;
  }

  protected blank(): BertForSequenceClassification {
    return new BertForSequenceClassification(this.config);
  }

  protected sampleInputs(): ModelInputs {
    const n = this.config.sequenceLength;
    return { inputIds: indexTensor(new Int32Array(n), [1, n]) };
  }

  protected emitEmbed(g: GraphEmitter): { x: string; attnBias: string | null } {
    const c = this.config;
    const ids = g.input("input_ids", "int64", ["batch", "sequence"]);
    const mask = g.input("attention_mask", "int64", ["batch", "sequence"]);
    const types = g.input("token_type_ids", "int64", ["batch", "sequence"]);
    const e = this.embeddings;
    const w = op1(g, "Gather", [initValue(g, e.wordEmbeddings, "bert.embeddings.word_embeddings.weight"), ids], { axis: { i: 0 } }, "/bert/embeddings/word/Gather");
    const tt = op1(g, "Gather", [initValue(g, e.tokenTypeEmbeddings, "bert.embeddings.token_type_embeddings.weight"), types], { axis: { i: 0 } }, "/bert/embeddings/type/Gather");
    const seq = op1(g, "Slice", [op1(g, "Shape", [ids]), intsConst(g, "start", [1]), intsConst(g, "end", [2])], undefined, "/bert/embeddings/seq");
    const positions = g.constant("position_ids", "int64", [c.maxPositions], Array.from({ length: c.maxPositions }, (_, i) => i));
    const posIds = op1(g, "Slice", [positions, intsConst(g, "start", [0]), seq], undefined, "/bert/embeddings/position_ids");
    const p = op1(g, "Gather", [initValue(g, e.positionEmbeddings, "bert.embeddings.position_embeddings.weight"), posIds], { axis: { i: 0 } }, "/bert/embeddings/position/Gather");
    const sum = op1(g, "Add", [op1(g, "Add", [w, tt]), p], undefined, "/bert/embeddings/Add");
    const x = e.layerNorm.emit(g, sum);
    const m4 = op1(g, "Unsqueeze", [mask, intsConst(g, "axes", [1, 2])], undefined, "/bert/mask/Unsqueeze");
    const mf = op1(g, "Cast", [m4], { to: { i: 1 } }, "/bert/mask/Cast");
    const inv = op1(g, "Sub", [scalarConst(g, "one", 1), mf], undefined, "/bert/mask/Sub");
    const bias = op1(g, "Mul", [inv, scalarConst(g, "mask_value", BERT_MASK_VALUE)], undefined, "/bert/mask/Mul");
    return { x, attnBias: bias };
  }

  protected emitHeads(g: GraphEmitter, x: string): Record<string, string> {
    const cls = op1(g, "Gather", [x, g.constant("idx", "int64", [], [0])], { axis: { i: 1 } }, "/bert/pooler/Gather");
    const pooled = op1(g, "Tanh", [this.pooler.emit(g, cls, 2)], undefined, "/bert/pooler/Tanh");
    return { logits: this.classifier.emit(g, pooled, 2) };
  }
}
