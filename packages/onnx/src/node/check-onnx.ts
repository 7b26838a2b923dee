import { modelFromConfig } from "@trex/models";
import { importOnnx } from "../import-onnx.js";
import { inputSpecFor, maxAbsDiff, modelLogits } from "../run-model.js";
import { seededInputs } from "../seeded-inputs.js";
import type { OnnxFamily } from "../types.js";
import { runOnnxRuntime } from "./run-onnxruntime.js";

export interface CheckOnnxOptions {
  /** Seed of the generated inputs (default 0). */
  seed?: number;
  /** Batch size of the generated inputs (default 2). */
  batch?: number;
}

/** What `trex check-onnx --json` prints. */
export interface CheckOnnxReport {
  family: OnnxFamily;
  matched_params: number;
  /** Elements in all matched parameters. */
  matched_values: number;
  max_abs_diff: number;
  /** Largest |logit| of onnxruntime's output (the scale max_abs_diff is relative to). */
  max_abs_logit: number;
  logits_shape: number[];
  seed: number;
  batch: number;
  config: Record<string, unknown>;
}

/**
 * Imports an ONNX file, builds our model from the inferred config with the imported weights, runs both
 * it and onnxruntime-node on seeded inputs and reports how far the logits differ.
 */
export async function checkOnnx(bytes: Uint8Array, options: CheckOnnxOptions = {}): Promise<CheckOnnxReport> {
  const seed = options.seed ?? 0;
  const batch = options.batch ?? 2;
  const imported = importOnnx(bytes);
  const model = modelFromConfig(imported.config);
  model.loadNamed(imported.named);
  model.eval();
  const feeds = seededInputs(inputSpecFor(imported.config), { seed, batch });
  const ours = modelLogits(model, feeds);
  const ref = await runOnnxRuntime(bytes, imported.inputs, feeds, imported.output);
  let maxLogit = 0;
  for (const v of ref.data) maxLogit = Math.max(maxLogit, Math.abs(v));
  let values = 0;
  for (const t of imported.named.values()) values += t.data.length;
  return {
    family: imported.family,
    matched_params: imported.named.size,
    matched_values: values,
    max_abs_diff: maxAbsDiff(ours, ref),
    max_abs_logit: maxLogit,
    logits_shape: ref.shape,
    seed,
    batch,
    config: { ...imported.config },
  };
}
