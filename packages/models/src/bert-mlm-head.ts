import type { Parameter, Tensor } from "@trex/tensor";
import { Rng, crossEntropy, gelu, indexSelect, linear, parameter, reshape } from "@trex/tensor";
import type { BertForSequenceClassification } from "./bert.js";
import { ModelInputError, WeightLoadError } from "./errors.js";
import { LayerNorm } from "./layer-norm.js";
import { Linear } from "./linear.js";
import type { NamedTensorLike } from "./load-named.js";
import type { ForwardOptions, TextInput } from "./model-types.js";
import { Module } from "./module.js";

/** HF's prefix of the masked-LM head in BertForMaskedLM / BertForPreTraining state dicts. */
export const BERT_MLM_PREFIX = "cls.predictions";

/** HF BertPredictionHeadTransform: dense → GELU → LayerNorm (names `dense.*`, `LayerNorm.*`). */
class PredictionTransform extends Module {
  readonly dense: Linear;
  readonly layerNorm: LayerNorm;
  constructor(hidden: number, eps: number, rng: Rng) {
    super();
    this.dense = this.registerModule("dense", new Linear(hidden, hidden, rng));
    this.layerNorm = this.registerModule("LayerNorm", new LayerNorm(hidden, eps));
  }
  forward(x: Tensor): Tensor {
    return this.layerNorm.forward(gelu(this.dense.forward(x)));
  }
}

/**
 * BERT's masked-language-model head (HF BertLMPredictionHead) on a BertForSequenceClassification's
 * encoder: transform (dense + GELU + LayerNorm), then a decoder whose weight IS the encoder's word
 * embedding table (tied: one Parameter, gradients from both uses add up) plus its own bias [vocab].
 * Own parameters are named as HF names them (`cls.predictions.transform.dense.weight`, ...,
 * `cls.predictions.bias`). Logits are computed only at the asked positions: with ~15 % of tokens
 * masked that is ~7x less decoder work than scoring every position against the whole vocabulary.
 */
export class BertMlmHead extends Module {
  readonly transform: PredictionTransform;
  /** Output bias [vocab] (HF `cls.predictions.bias`, = `cls.predictions.decoder.bias`). */
  readonly bias: Parameter;

  constructor(
    readonly encoder: BertForSequenceClassification,
    options: { seed?: number } = {},
  ) {
    super();
    const c = encoder.config;
    const rng = new Rng(options.seed ?? c.seed + 1);
    this.transform = this.registerModule("transform", new PredictionTransform(c.hidden, c.eps, rng));
    this.bias = this.registerParameter("bias", parameter([c.vocabSize]));
    for (const [name, m] of this.namedModules()) m.path = name === "" ? BERT_MLM_PREFIX : `${BERT_MLM_PREFIX}.${name}`;
    for (const [name, p] of this.namedParameters()) p.name = `${BERT_MLM_PREFIX}.${name}`;
  }

  /** The decoder weight [vocab, hidden]: the encoder's word embedding table itself. */
  get decoderWeight(): Parameter {
    return this.encoder.embeddings.wordEmbeddings;
  }

  /** The head's own tensors under their HF names (the tied decoder weight is the encoder's, saved with it). */
  headEntries(): [string, Parameter][] {
    return this.namedParameters().map(([n, p]) => [`${BERT_MLM_PREFIX}.${n}`, p]);
  }

  /**
   * Loads the head's own tensors by HF name (all or nothing). `cls.predictions.decoder.bias` is accepted as
   * an alias of `cls.predictions.bias`; `cls.predictions.decoder.weight` (HF saves the tied table twice)
   * must equal the encoder's word embeddings. Names outside `cls.predictions.` (the encoder's) are skipped.
   */
  loadNamed(named: Iterable<readonly [string, NamedTensorLike]>): void {
    const own = new Map(this.headEntries());
    const take = new Map<string, NamedTensorLike>();
    for (const [rawName, t] of named) {
      if (!rawName.startsWith(`${BERT_MLM_PREFIX}.`)) continue;
      const name = rawName === `${BERT_MLM_PREFIX}.decoder.bias` ? `${BERT_MLM_PREFIX}.bias` : rawName;
      if (name === `${BERT_MLM_PREFIX}.decoder.weight`) {
        const w = this.decoderWeight.data;
        let same = t.data.length === w.length;
        for (let i = 0; same && i < w.length; i++) same = t.data[i] === w[i];
        if (!same) {
          throw new WeightLoadError(name, `${name} differs from bert.embeddings.word_embeddings.weight; the decoder is tied to the word embeddings, so load the encoder weights from the same checkpoint first`);
        }
        continue;
      }
      const dst = own.get(name);
      if (!dst) throw new WeightLoadError(name, `unexpected tensor ${name} for the masked-LM head; it has ${[...own.keys()].join(", ")}`);
      if (t.data.length !== dst.size) {
        throw new WeightLoadError(name, `${name} has ${t.data.length} values, the head needs [${dst.shape.join(", ")}]; was it saved for another hidden size or vocabulary?`);
      }
      take.set(name, t);
    }
    const missing = [...own.keys()].filter((n) => !take.has(n));
    if (missing.length > 0) throw new WeightLoadError(missing[0], `the masked-LM head weights lack ${missing.join(", ")}`);
    for (const [name, t] of take) {
      const dst = own.get(name)!;
      for (let i = 0; i < dst.size; i++) dst.data[i] = t.data[i];
      dst.markUpdated();
    }
  }

  /** Vocabulary logits [positions.length, vocab] of the encoder output [B, T, hidden] at flat positions (b·T + t). */
  logitsAt(sequenceOutput: Tensor, positions: Int32Array): Tensor {
    const [b, t, h] = sequenceOutput.shape;
    for (const p of positions) {
      if (!(Number.isInteger(p) && p >= 0 && p < b * t)) {
        throw new ModelInputError(`masked position ${p} is outside the batch's ${b}·${t} tokens; positions are flat indices b·T + t`);
      }
    }
    const rows = indexSelect(reshape(sequenceOutput, [b * t, h]), 0, positions);
    return linear(this.transform.forward(rows), this.decoderWeight, this.bias);
  }

  /**
   * Masked-LM cross-entropy: runs the encoder on the (already masked) inputs and scores the original ids
   * `targets` at `positions` (flat b·T + t, same order).
   */
  loss(inputs: TextInput, positions: Int32Array, targets: Int32Array, options: ForwardOptions = {}): { loss: Tensor; logits: Tensor } {
    if (positions.length !== targets.length || positions.length === 0) {
      throw new ModelInputError(`need one target per masked position and at least one of each, got ${positions.length} positions and ${targets.length} targets`);
    }
    const out = this.encoder.forward(inputs, options);
    const logits = this.logitsAt(out.sequenceOutput, positions);
    return { loss: crossEntropy(logits, targets), logits };
  }
}
