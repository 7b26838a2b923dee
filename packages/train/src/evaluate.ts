import { accuracy as acc, mcc as matthews } from "@trex/data";
import type { TransformerModel } from "@trex/models";
import { noGrad } from "@trex/tensor";
import type { ProgressSink } from "./progress.js";
import type { ImageAugment, TaskData } from "./task-data.js";

export interface EvalResult {
  readonly accuracy: number;
  /** Matthews correlation (the CoLA metric; reported for every set, meaningful for binary ones). */
  readonly mcc: number;
  readonly count: number;
  readonly predictions: Int32Array;
}

/**
 * `model`'s logits on the examples `indices` of `data`, batch by batch (eval mode, no gradients; the
 * model's mode is restored): [indices.length × classes] in order. `augment` is passed to every batch
 * (e.g. a certain flip); `onBatch(done)` runs after each batch.
 */
export function batchedLogits(
  model: TransformerModel,
  data: TaskData,
  indices: Int32Array,
  options: { batchSize?: number; augment?: ImageAugment; onBatch?: (done: number) => void } = {},
): { logits: Float32Array; classes: number } {
  const batchSize = options.batchSize ?? 200;
  let logits = new Float32Array(0);
  let classes = 0;
  const wasTraining = model.training;
  model.eval();
  try {
    noGrad(() => {
      for (let s = 0; s < indices.length; s += batchSize) {
        const idx = indices.subarray(s, Math.min(indices.length, s + batchSize));
        const out = model.forward(data.batch(idx, options.augment).inputs, { train: false }).logits;
        if (classes === 0) {
          classes = out.shape[1];
          logits = new Float32Array(indices.length * classes);
        }
        logits.set(out.data, s * classes);
        options.onBatch?.(s + idx.length);
      }
    });
  } finally {
    model.train(wasTraining);
  }
  return { logits, classes };
}

/** Arg-max predictions of `model` (eval mode, no gradients) on every example of `data`. */
export function predict(model: TransformerModel, data: TaskData, batchSize = 200, progress?: ProgressSink | null): Int32Array {
  const all = Int32Array.from({ length: data.count }, (_, i) => i);
  const { logits, classes } = batchedLogits(model, data, all, { batchSize, onBatch: (done) => progress?.write(`  evaluated ${done}/${data.count}\n`) });
  const out = new Int32Array(data.count);
  for (let r = 0; r < data.count; r++) {
    let best = 0;
    for (let j = 1; j < classes; j++) if (logits[r * classes + j] > logits[r * classes + best]) best = j;
    out[r] = best;
  }
  return out;
}

/** Accuracy and MCC of `model` on `data`. */
export function evaluate(model: TransformerModel, data: TaskData, options: { batchSize?: number; progress?: ProgressSink | null } = {}): EvalResult {
  const predictions = predict(model, data, options.batchSize, options.progress);
  return { accuracy: acc(predictions, data.labels), mcc: matthews(predictions, data.labels), count: data.count, predictions };
}
