import { OnnxExportError } from "./errors.js";
import { DataType, type ModelProto, type NodeProto, type TensorProto, type ValueInfoProto, onnx } from "./proto.js";

/** ONNX attribute as the models' GraphEmitter passes it (tagged by type). */
export type BuilderAttribute =
  | { readonly i: number }
  | { readonly f: number }
  | { readonly ints: readonly number[] }
  | { readonly floats: readonly number[] }
  | { readonly s: string };

/** Anything with float32 data and a shape (a @trex/tensor Tensor or Parameter). */
export interface TensorLike {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

export const EXPORT_OPSET = 17;
const IR_VERSION = 8;

function bytesOf(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

/**
 * Collects an inference graph (opset 17) and writes it as an ONNX ModelProto with onnx-proto. Implements
 * the models package's GraphEmitter: value and node names are made unique, a tensor given twice (shared
 * weights) is stored once, and initializer names are the canonical parameter names.
 */
export class OnnxGraphBuilder {
  private readonly nodes: NodeProto[] = [];
  private readonly inits: TensorProto[] = [];
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: { name: string; shape?: readonly (number | string)[] }[] = [];
  private readonly used = new Set<string>();
  private readonly byTensor = new Map<TensorLike, string>();
  private readonly nodeNames = new Set<string>();
  private counter = 0;

  constructor(private readonly graphName = "trex") {}

  private fresh(base: string): string {
    let name = base;
    let i = 1;
    while (this.used.has(name)) name = `${base}_${i++}`;
    this.used.add(name);
    return name;
  }

  input(name: string, dtype: "float32" | "int64", shape: readonly (number | string)[]): string {
    if (this.used.has(name)) throw new OnnxExportError(`input "${name}" is declared twice; give each graph input a unique name.`);
    this.used.add(name);
    this.inputs.push(valueInfo(name, dtype, shape));
    return name;
  }

  initializer(name: string, tensor: TensorLike): string {
    const hit = this.byTensor.get(tensor);
    if (hit !== undefined) return hit;
    if (!(tensor.data instanceof Float32Array)) throw new OnnxExportError(`initializer "${name}" is not float32 data.`);
    const v = this.fresh(name);
    this.inits.push(
      onnx.TensorProto.create({ name: v, dims: [...tensor.shape], dataType: DataType.FLOAT, rawData: bytesOf(tensor.data) }),
    );
    this.byTensor.set(tensor, v);
    return v;
  }

  constant(hint: string, dtype: "float32" | "int64", shape: readonly number[], values: ArrayLike<number>): string {
    const n = shape.reduce((a, b) => a * b, 1);
    if (values.length !== n) throw new OnnxExportError(`constant "${hint}": ${values.length} values for shape [${shape}].`);
    const v = this.fresh(`/Constant/${hint}`);
    const raw = dtype === "float32" ? bytesOf(Float32Array.from(values)) : bytesOf(BigInt64Array.from(Array.from(values, (x) => BigInt(Math.trunc(x)))));
    const t = onnx.TensorProto.create({ name: v, dims: [...shape], dataType: dtype === "float32" ? DataType.FLOAT : DataType.INT64, rawData: raw });
    this.nodes.push(
      onnx.NodeProto.create({
        name: this.nodeName(`/Constant/${hint}`),
        opType: "Constant",
        input: [],
        output: [v],
        attribute: [onnx.AttributeProto.create({ name: "value", type: onnx.AttributeProto.AttributeType.TENSOR, t })],
      }),
    );
    return v;
  }

  private nodeName(base: string): string {
    let name = base;
    let i = 1;
    while (this.nodeNames.has(name)) name = `${base}_${i++}`;
    this.nodeNames.add(name);
    return name;
  }

  op(
    type: string,
    inputs: readonly string[],
    attributes?: Readonly<Record<string, BuilderAttribute>>,
    options?: { outputs?: number; name?: string },
  ): string[] {
    for (const i of inputs) {
      if (i !== "" && !this.used.has(i)) throw new OnnxExportError(`op ${type} ("${options?.name ?? ""}") reads "${i}", which no earlier op, input or initializer produced.`);
    }
    const name = this.nodeName(options?.name ?? `/${type}_${this.counter++}`);
    const outs = Array.from({ length: options?.outputs ?? 1 }, (_, k) => this.fresh(`${name}_output_${k}`));
    this.nodes.push(
      onnx.NodeProto.create({
        name,
        opType: type,
        input: [...inputs],
        output: outs,
        attribute: Object.entries(attributes ?? {}).map(([k, a]) => attribute(k, a)),
      }),
    );
    return outs;
  }

  output(name: string, value: string): void {
    if (!this.used.has(value)) throw new OnnxExportError(`output "${name}" refers to unknown value "${value}".`);
    // Graph outputs are named values: route through Identity so the output carries the requested name.
    if (value !== name) {
      if (this.used.has(name)) throw new OnnxExportError(`output name "${name}" is already used by another value.`);
      this.used.add(name);
      this.nodes.push(onnx.NodeProto.create({ name: this.nodeName(`/output/${name}`), opType: "Identity", input: [value], output: [name] }));
    }
    this.outputs.push({ name });
  }

  /**
   * Declares an output's shape (e.g. ["batch", 1000] for logits). Optional for runtimes, but onnx's
   * checker requires a shape on every graph output.
   */
  setOutputShape(name: string, shape: readonly (number | string)[]): void {
    const o = this.outputs.find((x) => x.name === name);
    if (!o) throw new OnnxExportError(`setOutputShape: "${name}" is not a graph output.`);
    o.shape = shape;
  }

  /** Declared graph input names, in order. */
  inputNames(): string[] {
    return this.inputs.map((i) => i.name ?? "");
  }

  /** The ONNX ModelProto (IR 8, opset 17). */
  toModel(docString = ""): ModelProto {
    if (this.outputs.length === 0) throw new OnnxExportError("the graph has no output; the model's emit must call output(\"logits\", …).");
    return onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: "@trex/onnx",
      producerVersion: "0.1.0",
      docString,
      opsetImport: [{ domain: "", version: EXPORT_OPSET }],
      graph: onnx.GraphProto.create({
        name: this.graphName,
        node: this.nodes,
        initializer: this.inits,
        input: this.inputs,
        output: this.outputs.map((o) =>
          o.shape ? valueInfo(o.name, "float32", o.shape) : onnx.ValueInfoProto.create({ name: o.name, type: { tensorType: { elemType: DataType.FLOAT } } }),
        ),
      }),
    });
  }

  /** Serialised ModelProto bytes. */
  toBytes(docString = ""): Uint8Array {
    return onnx.ModelProto.encode(this.toModel(docString)).finish();
  }
}

function valueInfo(name: string, dtype: "float32" | "int64", shape: readonly (number | string)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: dtype === "float32" ? DataType.FLOAT : DataType.INT64,
        shape: { dim: shape.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}

function attribute(name: string, a: BuilderAttribute) {
  const T = onnx.AttributeProto.AttributeType;
  if ("i" in a) return onnx.AttributeProto.create({ name, type: T.INT, i: a.i });
  if ("f" in a) return onnx.AttributeProto.create({ name, type: T.FLOAT, f: a.f });
  if ("ints" in a) return onnx.AttributeProto.create({ name, type: T.INTS, ints: [...a.ints] });
  if ("floats" in a) return onnx.AttributeProto.create({ name, type: T.FLOATS, floats: [...a.floats] });
  return onnx.AttributeProto.create({ name, type: T.STRING, s: new TextEncoder().encode(a.s) });
}
