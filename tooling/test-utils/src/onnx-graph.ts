import onnxProto from "onnx-proto";
import * as ort from "onnxruntime-node";

const { onnx } = onnxProto;

// Tiny ONNX graphs run in onnxruntime-node: the independent forward reference for the engine's ops.

/** A graph input or initializer: float32 data, or integer data stored as int64 (indices, sizes). */
export interface OnnxValue {
  data: Float32Array | Int32Array | BigInt64Array;
  shape: readonly number[];
}

/** An ONNX attribute value, tagged with its type. */
export type OnnxAttribute = { i: number } | { f: number } | { ints: readonly number[] } | { floats: readonly number[] } | { s: string };

export interface OnnxNode {
  opType: string;
  /** Input value names ("" for an omitted optional input). */
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: Readonly<Record<string, OnnxAttribute>>;
}

export interface OnnxGraph {
  nodes: readonly OnnxNode[];
  /** Graph inputs fed at run time. */
  inputs: Readonly<Record<string, OnnxValue>>;
  /** Constants baked into the graph (e.g. TopK's K). */
  initializers?: Readonly<Record<string, OnnxValue>>;
  /** Names of the graph outputs to return. */
  outputs: readonly string[];
  /** Default opset 20 (has Gelu and LayerNormalization). */
  opset?: number;
}

export interface OnnxResult {
  data: Float32Array | BigInt64Array | Int32Array;
  shape: number[];
}

function isFloat(v: OnnxValue): boolean {
  return v.data instanceof Float32Array;
}

function toInt64(d: Int32Array | BigInt64Array): BigInt64Array {
  return d instanceof BigInt64Array ? d : BigInt64Array.from(Array.from(d, (x) => BigInt(x)));
}

function valueInfo(name: string, elemType: number, shape?: readonly number[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        ...(shape ? { shape: { dim: shape.map((d) => ({ dimValue: d })) } } : {}),
      },
    },
  });
}

function attribute(name: string, a: OnnxAttribute) {
  const T = onnx.AttributeProto.AttributeType;
  if ("i" in a) return onnx.AttributeProto.create({ name, type: T.INT, i: a.i });
  if ("f" in a) return onnx.AttributeProto.create({ name, type: T.FLOAT, f: a.f });
  if ("ints" in a) return onnx.AttributeProto.create({ name, type: T.INTS, ints: [...a.ints] });
  if ("floats" in a) return onnx.AttributeProto.create({ name, type: T.FLOATS, floats: [...a.floats] });
  return onnx.AttributeProto.create({ name, type: T.STRING, s: new TextEncoder().encode(a.s) });
}

function initializer(name: string, v: OnnxValue) {
  const DT = onnx.TensorProto.DataType;
  if (isFloat(v)) {
    return onnx.TensorProto.create({ name, dims: [...v.shape], dataType: DT.FLOAT, floatData: Array.from(v.data as Float32Array) });
  }
  const ints = toInt64(v.data as Int32Array | BigInt64Array);
  return onnx.TensorProto.create({ name, dims: [...v.shape], dataType: DT.INT64, int64Data: Array.from(ints, (x) => Number(x)) });
}

/** Serialises a graph to ONNX model bytes (IR version 9). */
export function buildOnnxModel(g: OnnxGraph): Uint8Array {
  const DT = onnx.TensorProto.DataType;
  const graph = onnx.GraphProto.create({
    name: "trex-test",
    node: g.nodes.map((n, i) =>
      onnx.NodeProto.create({
        name: `n${i}`,
        opType: n.opType,
        input: [...n.inputs],
        output: [...n.outputs],
        attribute: Object.entries(n.attributes ?? {}).map(([k, a]) => attribute(k, a)),
      }),
    ),
    input: Object.entries(g.inputs).map(([name, v]) => valueInfo(name, isFloat(v) ? DT.FLOAT : DT.INT64, v.shape)),
    initializer: Object.entries(g.initializers ?? {}).map(([name, v]) => initializer(name, v)),
    // Outputs carry no type: onnxruntime infers it (TopK's indices are int64, the rest float).
    output: g.outputs.map((name) => onnx.ValueInfoProto.create({ name })),
  });
  const model = onnx.ModelProto.create({
    irVersion: 9,
    producerName: "@trex/test-utils",
    opsetImport: [{ domain: "", version: g.opset ?? 20 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

/** Builds the graph, runs it once in onnxruntime-node (one thread) and returns the named outputs. */
export async function runOnnxGraph(g: OnnxGraph): Promise<Record<string, OnnxResult>> {
  const session = await ort.InferenceSession.create(buildOnnxModel(g), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const feeds: Record<string, ort.Tensor> = {};
    for (const [name, v] of Object.entries(g.inputs)) {
      feeds[name] = isFloat(v)
        ? new ort.Tensor("float32", v.data as Float32Array, [...v.shape])
        : new ort.Tensor("int64", toInt64(v.data as Int32Array | BigInt64Array), [...v.shape]);
    }
    const res = await session.run(feeds);
    const out: Record<string, OnnxResult> = {};
    for (const name of g.outputs) {
      const t = res[name];
      out[name] = { data: t.data as Float32Array | BigInt64Array | Int32Array, shape: [...t.dims] };
    }
    return out;
  } finally {
    await session.release();
  }
}

/** Shortcut for a one-node graph whose node inputs and outputs are all graph inputs and outputs. */
export async function runOnnxNode(
  opType: string,
  inputs: Readonly<Record<string, OnnxValue>>,
  outputs: readonly string[],
  attributes?: Readonly<Record<string, OnnxAttribute>>,
  initializers?: Readonly<Record<string, OnnxValue>>,
): Promise<Record<string, OnnxResult>> {
  const nodeInputs = [...Object.keys(inputs), ...Object.keys(initializers ?? {})];
  return runOnnxGraph({ nodes: [{ opType, inputs: nodeInputs, outputs, attributes }], inputs, initializers, outputs });
}
