import type { ModelConfig, ModelInputs, TransformerModel } from "@trex/models";
import { indexTensor, noGrad, tensor } from "@trex/tensor";
import { OnnxInputError } from "./errors.js";
import type { InputSpec, ModelFeeds } from "./seeded-inputs.js";

/** The inputs a config's model takes (image size, or text table sizes). */
export function inputSpecFor(config: ModelConfig): InputSpec {
  if (config.family === "bert") {
    return { kind: "text", vocabSize: config.vocabSize, typeVocabSize: config.typeVocabSize, maxPositions: config.maxPositions };
  }
  return { kind: "image", channels: config.inChannels, size: config.imageSize };
}

/** Feeds → the model's own input form. */
export function toModelInputs(feeds: ModelFeeds): ModelInputs {
  if (feeds.pixelValues) return tensor(feeds.pixelValues.data, feeds.pixelValues.shape);
  if (!feeds.inputIds) throw new OnnxInputError("no inputs: give pixelValues (images) or inputIds (+ attentionMask, tokenTypeIds).");
  const ix = (v: { data: Int32Array; shape: number[] } | undefined) => (v ? indexTensor(v.data, v.shape) : undefined);
  return { inputIds: indexTensor(feeds.inputIds.data, feeds.inputIds.shape), attentionMask: ix(feeds.attentionMask), tokenTypeIds: ix(feeds.tokenTypeIds) };
}

/** Eval-mode logits of one of our models on the feeds (no autograd). */
export function modelLogits(model: TransformerModel, feeds: ModelFeeds): { data: Float32Array; shape: number[] } {
  const out = noGrad(() => model.forward(toModelInputs(feeds), { train: false }));
  return { data: out.logits.data, shape: [...out.logits.shape] };
}

/** max |a − b| over two equally shaped arrays; shape mismatch is an OnnxInputError. */
export function maxAbsDiff(a: { data: ArrayLike<number>; shape: readonly number[] }, b: { data: ArrayLike<number>; shape: readonly number[] }): number {
  if (a.shape.join() !== b.shape.join()) throw new OnnxInputError(`logits shapes differ: [${a.shape}] vs [${b.shape}].`);
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i] - b.data[i]));
  return m;
}
