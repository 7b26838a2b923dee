import onnxProto from "onnx-proto";
import { OnnxImportError, OnnxParseError } from "./errors.js";

// onnx-proto is CommonJS (protobufjs static code): the default import carries the `onnx` namespace.
export const { onnx } = onnxProto;
export type ModelProto = onnxProto.onnx.ModelProto;
export type GraphProto = onnxProto.onnx.IGraphProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;

export const DataType = onnx.TensorProto.DataType;

/** Decodes ONNX model bytes; corrupt or truncated input becomes an OnnxParseError naming the cause. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
    throw new OnnxParseError("decodeModel: got no bytes; pass the contents of a .onnx file (e.g. readFileSync(path)).");
  }
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new OnnxParseError(
      `decodeModel: the ${bytes.length} bytes are not a valid ONNX protobuf (${why}); the file is corrupt or truncated — re-export it or copy it again.`,
    );
  }
  if (!model.graph || (model.graph.node ?? []).length === 0) {
    throw new OnnxParseError(
      `decodeModel: the ${bytes.length} bytes decode to a ModelProto without graph nodes; this is not an ONNX model file (or it was truncated).`,
    );
  }
  return model;
}

function num(x: number | { toNumber(): number } | null | undefined): number {
  if (x === null || x === undefined) return 0;
  return typeof x === "number" ? x : x.toNumber();
}

/** Dimensions of a TensorProto as plain numbers. */
export function dimsOf(t: TensorProto): number[] {
  return (t.dims ?? []).map((d) => num(d as number));
}

function rawView(t: TensorProto): Uint8Array | null {
  const raw = t.rawData;
  if (!raw || raw.length === 0) return null;
  // Copy: the decoded buffer is a view into the file bytes with an arbitrary (unaligned) offset.
  return Uint8Array.prototype.slice.call(raw);
}

function size(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** The values of a float tensor (FLOAT, or DOUBLE/FLOAT16 are rejected with a fix). */
export function floatData(t: TensorProto): Float32Array {
  const dims = dimsOf(t);
  const n = size(dims);
  if (t.dataType !== DataType.FLOAT && t.dataType !== DataType.DOUBLE) {
    throw new OnnxImportError(
      `tensor has data type ${DataType[t.dataType ?? 0] ?? t.dataType}, expected FLOAT; export the model in float32`,
      { tensor: t.name ?? "" },
    );
  }
  const raw = rawView(t);
  let out: Float32Array;
  if (t.dataType === DataType.DOUBLE) {
    out = raw ? Float32Array.from(new Float64Array(raw.buffer)) : Float32Array.from(t.doubleData ?? []);
  } else {
    out = raw ? new Float32Array(raw.buffer) : Float32Array.from(t.floatData ?? []);
  }
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw new OnnxImportError("tensor data is stored in an external file; re-export with all data inside the .onnx", {
      tensor: t.name ?? "",
    });
  }
  if (out.length !== n) {
    throw new OnnxImportError(`tensor holds ${out.length} values but its dims ${JSON.stringify(dims)} need ${n}; the file is truncated or corrupt`, {
      tensor: t.name ?? "",
    });
  }
  return out;
}

/** The values of any numeric tensor as float64 numbers (shape constants, scales, indices). */
export function numericData(t: TensorProto): number[] {
  const raw = rawView(t);
  const dt = t.dataType;
  if (dt === DataType.FLOAT || dt === DataType.DOUBLE) return Array.from(floatData(t));
  if (dt === DataType.INT64) {
    if (raw) return Array.from(new BigInt64Array(raw.buffer), (x) => Number(x));
    return (t.int64Data ?? []).map((x) => num(x as number));
  }
  if (dt === DataType.INT32 || dt === DataType.INT8 || dt === DataType.UINT8 || dt === DataType.BOOL || dt === DataType.INT16) {
    if (raw) {
      if (dt === DataType.INT32) return Array.from(new Int32Array(raw.buffer));
      if (dt === DataType.INT16) return Array.from(new Int16Array(raw.buffer));
      if (dt === DataType.INT8) return Array.from(new Int8Array(raw.buffer));
      return Array.from(raw);
    }
    return (t.int32Data ?? []).slice();
  }
  throw new OnnxImportError(`constant tensor has unsupported data type ${DataType[dt ?? 0] ?? dt}`, { tensor: t.name ?? "" });
}

/** Reads an attribute of a node by name, or undefined. */
export function attr(node: NodeProto, name: string): AttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

export function attrInt(node: NodeProto, name: string, fallback: number): number {
  const a = attr(node, name);
  return a ? num(a.i as number) : fallback;
}

export function attrInts(node: NodeProto, name: string): number[] | undefined {
  const a = attr(node, name);
  return a ? (a.ints ?? []).map((x) => num(x as number)) : undefined;
}

export function attrFloat(node: NodeProto, name: string, fallback: number): number {
  const a = attr(node, name);
  return a && a.f !== null && a.f !== undefined ? a.f : fallback;
}
