import { decodeModel } from "./proto.js";

/** A summary of an ONNX file: opset, inputs, outputs, initializer names, op-type counts. */
export interface OnnxModelInfo {
  opset: number;
  producer: string;
  inputs: string[];
  outputs: string[];
  initializers: string[];
  opTypes: Record<string, number>;
}

export function onnxModelInfo(bytes: Uint8Array): OnnxModelInfo {
  const m = decodeModel(bytes);
  const g = m.graph;
  const opTypes: Record<string, number> = {};
  for (const n of g?.node ?? []) opTypes[n.opType ?? ""] = (opTypes[n.opType ?? ""] ?? 0) + 1;
  const inits = (g?.initializer ?? []).map((t) => t.name ?? "");
  const initSet = new Set(inits);
  return {
    opset: Number((m.opsetImport ?? []).find((o) => !o.domain)?.version ?? 0),
    producer: m.producerName ?? "",
    inputs: (g?.input ?? []).map((i) => i.name ?? "").filter((n) => !initSet.has(n)),
    outputs: (g?.output ?? []).map((o) => o.name ?? ""),
    initializers: inits,
    opTypes,
  };
}
