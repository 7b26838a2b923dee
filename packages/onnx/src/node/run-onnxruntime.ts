import * as ort from "onnxruntime-node";
import { OnnxInputError, OnnxParseError } from "../errors.js";
import type { ModelFeeds } from "../seeded-inputs.js";

/** Graph input names by role (as ImportedModel.inputs, or the names export writes). */
export type InputNames = { role: "pixel_values" | "input_ids" | "attention_mask" | "token_type_ids"; name: string }[];

const FEED_KEY = {
  pixel_values: "pixelValues",
  input_ids: "inputIds",
  attention_mask: "attentionMask",
  token_type_ids: "tokenTypeIds",
} as const;

/**
 * Runs ONNX model bytes in onnxruntime-node (CPU, one thread: deterministic) on the feeds and returns
 * the named float output. Session-creation failures become OnnxParseError, bad feeds OnnxInputError.
 */
export async function runOnnxRuntime(
  bytes: Uint8Array,
  inputs: InputNames,
  feeds: ModelFeeds,
  output = "logits",
): Promise<{ data: Float32Array; shape: number[] }> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: "basic" });
  } catch (e) {
    throw new OnnxParseError(`onnxruntime cannot load the model: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const { role, name } of inputs) {
      const v = feeds[FEED_KEY[role]];
      if (!v) throw new OnnxInputError(`the model needs input "${name}" (${role}) but no ${FEED_KEY[role]} was given.`);
      ortFeeds[name] =
        v.data instanceof Float32Array
          ? new ort.Tensor("float32", v.data, v.shape)
          : new ort.Tensor("int64", BigInt64Array.from(v.data, (x) => BigInt(x)), v.shape);
    }
    let result: ort.InferenceSession.OnnxValueMapType;
    try {
      result = await session.run(ortFeeds);
    } catch (e) {
      throw new OnnxInputError(`onnxruntime rejected the inputs: ${e instanceof Error ? e.message : String(e)}`);
    }
    const out = result[output];
    if (!out) throw new OnnxInputError(`the model has no output "${output}" (outputs: ${session.outputNames.join(", ")}).`);
    return { data: out.data as Float32Array, shape: [...out.dims] };
  } finally {
    await session.release();
  }
}
