import { OnnxExportError } from "./errors.js";
import { OnnxGraphBuilder } from "./onnx-graph-builder.js";

/** Anything that emits its inference graph against the models' GraphEmitter (every @trex/models model). */
export interface EmittableModel {
  emit(g: OnnxGraphBuilder): Record<string, string>;
  /** With `numClasses`, the logits output is declared as [batch, numClasses]. */
  readonly config?: { readonly numClasses?: number };
}

export interface ExportedOnnx {
  bytes: Uint8Array;
  /** Graph input names in declaration order (pixel_values, or input_ids, attention_mask, token_type_ids). */
  inputs: string[];
  outputs: string[];
}

/**
 * Writes a model as an ONNX file (opset 17, dynamic batch): the model emits its own graph — including
 * reused attention with transformation blocks, token hooks and shared weights (stored once) — into an
 * onnx-proto builder.
 */
export function exportOnnx(model: EmittableModel, options: { docString?: string } = {}): ExportedOnnx {
  const b = new OnnxGraphBuilder();
  let outs: Record<string, string>;
  try {
    outs = model.emit(b);
  } catch (e) {
    if (e instanceof OnnxExportError) throw e;
    const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new OnnxExportError(`the model could not be emitted as ONNX (${why}).`);
  }
  const classes = model.config?.numClasses;
  if ("logits" in outs && typeof classes === "number") b.setOutputShape("logits", ["batch", classes]);
  return { bytes: b.toBytes(options.docString ?? ""), inputs: b.inputNames(), outputs: Object.keys(outs) };
}
