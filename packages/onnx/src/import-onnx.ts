import { OnnxImportError } from "./errors.js";
import { GraphView } from "./graph-view.js";
import { importBert } from "./import-bert.js";
import { importVision } from "./import-vision.js";
import { DataType, type ModelProto, decodeModel } from "./proto.js";
import type { ImportedModel } from "./types.js";

/**
 * Imports a PyTorch ONNX export of DeiT, DeiT-distilled, LV-ViT or BERT by walking its graph from the
 * inputs: every parameter is identified by the op pattern that consumes it, never by its name alone.
 * Throws OnnxParseError for unreadable bytes and OnnxImportError (naming the node) for other graphs.
 */
export function importOnnx(bytes: Uint8Array | ModelProto): ImportedModel {
  const model = bytes instanceof Uint8Array ? decodeModel(bytes) : bytes;
  const graph = model.graph;
  if (!graph) throw new OnnxImportError("the model has no graph");
  const g = new GraphView(graph);
  const inits = new Set((graph.initializer ?? []).map((t) => t.name));
  // Older exporters list initializers among the inputs too: only real inputs count.
  const inputs = (graph.input ?? []).filter((i) => !inits.has(i.name ?? ""));
  const types = inputs.map((i) => i.type?.tensorType?.elemType ?? 0);
  const dims = inputs.map((i) => (i.type?.tensorType?.shape?.dim ?? []).map((d) => (d.dimValue === null || d.dimValue === undefined ? null : Number(d.dimValue))));
  if (inputs.length === 1 && types[0] === DataType.FLOAT) {
    const d = dims[0];
    if (d.length !== 4) throw new OnnxImportError(`image input "${inputs[0].name}" has rank ${d.length}, expected [batch, channels, height, width]`, { tensor: inputs[0].name ?? "" });
    const [, ch, h, w] = d;
    if (!ch || !h || !w || h !== w) {
      throw new OnnxImportError(`image input "${inputs[0].name}" needs static square channel/height/width dims, got ${JSON.stringify(d)}; export with a fixed image size`, { tensor: inputs[0].name ?? "" });
    }
    return importVision(g, inputs[0].name ?? "", h, ch);
  }
  const isInt = (t: number) => t === DataType.INT64 || t === DataType.INT32;
  if (inputs.length >= 2 && types.every(isInt)) return importBert(g, inputs.map((i) => i.name ?? ""));
  const desc = inputs.map((i, k) => `${i.name}: ${DataType[types[k]] ?? types[k]} ${JSON.stringify(dims[k])}`).join("; ");
  throw new OnnxImportError(
    `unrecognised model inputs (${desc || "none"}); supported are one float image [batch, 3, H, W] (DeiT, DeiT-distilled, LV-ViT) or integer input_ids + attention_mask (+ token_type_ids) (BERT)`,
  );
}
