import { Rng } from "@trex/tensor";
import { OnnxInputError } from "./errors.js";

/** Inputs for one forward pass, in the graph's roles; integer data as Int32Array (fed to ONNX as int64). */
export interface ModelFeeds {
  pixelValues?: { data: Float32Array; shape: number[] };
  inputIds?: { data: Int32Array; shape: number[] };
  attentionMask?: { data: Int32Array; shape: number[] };
  tokenTypeIds?: { data: Int32Array; shape: number[] };
}

export interface SeededInputOptions {
  seed: number;
  batch?: number;
  /** BERT sequence length (default min(16, maxPositions)). */
  sequence?: number;
}

/** What the inputs must fit: an image size, or BERT's table sizes. */
export type InputSpec =
  | { kind: "image"; channels: number; size: number }
  | { kind: "text"; vocabSize: number; typeVocabSize: number; maxPositions: number };

/**
 * Seeded inputs: images N(0, 1) (the range of normalised pixels); for text random ids, token types in
 * two segments, and a mask that pads the tail of every sample after the first (so masking is exercised).
 */
export function seededInputs(spec: InputSpec, options: SeededInputOptions): ModelFeeds {
  const batch = options.batch ?? 2;
  if (!Number.isInteger(batch) || batch < 1) throw new OnnxInputError(`batch must be a positive integer, got ${batch}.`);
  const rng = new Rng(options.seed);
  if (spec.kind === "image") {
    const shape = [batch, spec.channels, spec.size, spec.size];
    return { pixelValues: { data: rng.fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1))), shape } };
  }
  const t = options.sequence ?? Math.min(16, spec.maxPositions);
  if (!Number.isInteger(t) || t < 1 || t > spec.maxPositions) {
    throw new OnnxInputError(`sequence length ${t} must be in [1, ${spec.maxPositions}] (the model's position table).`);
  }
  const n = batch * t;
  const ids = new Int32Array(n);
  const mask = new Int32Array(n);
  const types = new Int32Array(n);
  for (let b = 0; b < batch; b++) {
    const valid = b === 0 ? t : Math.max(1, t - ((3 * b) % t));
    for (let i = 0; i < t; i++) {
      ids[b * t + i] = rng.int(spec.vocabSize);
      mask[b * t + i] = i < valid ? 1 : 0;
      types[b * t + i] = spec.typeVocabSize > 1 && i >= Math.floor(valid / 2) ? 1 : 0;
    }
  }
  const shape = [batch, t];
  return { inputIds: { data: ids, shape }, attentionMask: { data: mask, shape }, tokenTypeIds: { data: types, shape } };
}
