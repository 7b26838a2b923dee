import { OnnxImportError } from "./errors.js";
import { type GraphProto, type NodeProto, type TensorProto, attr, attrInts, dimsOf, floatData, numericData } from "./proto.js";

/** A node together with its position in graph order (for error messages). */
export interface NodeRef {
  node: NodeProto;
  index: number;
}

/** A consumer of a value: the node and which of its inputs the value is. */
export interface Use extends NodeRef {
  slot: number;
}

/** A float tensor taken from the file, with where it came from. */
export interface Weight {
  data: Float32Array;
  shape: number[];
  /** Initializer it was read from. */
  source: string;
}

// Ops that only compute shapes (and whose outputs never carry activations): ignored when following data.
const SHAPE_OPS = new Set(["Shape", "Size"]);

/**
 * An index over one ONNX graph: who produces and who consumes every value, initializers, and constant
 * folding of the small shape/scale sub-graphs. Matchers walk the graph through it.
 */
export class GraphView {
  readonly nodes: NodeProto[];
  readonly inits = new Map<string, TensorProto>();
  private readonly producers = new Map<string, NodeRef>();
  private readonly users = new Map<string, Use[]>();
  private readonly constCache = new Map<string, number[] | null>();

  constructor(readonly graph: GraphProto) {
    this.nodes = graph.node ?? [];
    for (const t of graph.initializer ?? []) this.inits.set(t.name ?? "", t);
    this.nodes.forEach((node, index) => {
      for (const o of node.output ?? []) this.producers.set(o, { node, index });
      (node.input ?? []).forEach((name, slot) => {
        if (name === "") return;
        const list = this.users.get(name) ?? [];
        list.push({ node, index, slot });
        this.users.set(name, list);
      });
    });
  }

  /** An OnnxImportError located at a node. */
  fail(message: string, at?: NodeRef | string): OnnxImportError {
    if (at === undefined) return new OnnxImportError(message);
    if (typeof at === "string") return new OnnxImportError(message, { tensor: at });
    return new OnnxImportError(message, { nodeName: at.node.name ?? "", opType: at.node.opType ?? "", nodeIndex: at.index });
  }

  producer(name: string): NodeRef | undefined {
    return this.producers.get(name);
  }

  /** Consumers of a value that carry data (Shape/Size readers left out), optionally of one op type. */
  uses(name: string, opType?: string): Use[] {
    return (this.users.get(name) ?? []).filter(
      (u) => !SHAPE_OPS.has(u.node.opType ?? "") && (opType === undefined || u.node.opType === opType),
    );
  }

  /** The single data consumer of a value of the given op type, or an error naming what was found. */
  use(name: string, opType: string, what: string, at?: NodeRef): Use {
    const found = this.uses(name, opType);
    if (found.length !== 1) {
      const seen = this.uses(name).map((u) => u.node.opType).join(", ") || "nothing";
      throw this.fail(`${what}: expected one ${opType} reading "${name}", found ${found.length} (consumers: ${seen})`, at ?? this.producer(name) ?? name);
    }
    return found[0];
  }

  /** The other input of a binary node (Add, Mul, ...) than the given one. */
  other(u: Use): string {
    return (u.node.input ?? [])[1 - u.slot] ?? "";
  }

  out(u: NodeRef, i = 0): string {
    return (u.node.output ?? [])[i] ?? "";
  }

  in(u: NodeRef, i: number): string {
    return (u.node.input ?? [])[i] ?? "";
  }

  /** Whether a value is a graph output, directly or through Identity nodes. */
  isGraphOutput(name: string): boolean {
    const outs = new Set((this.graph.output ?? []).map((o) => o.name ?? ""));
    let cur = name;
    for (let i = 0; i < 8; i++) {
      if (outs.has(cur)) return true;
      const id = this.uses(cur, "Identity");
      if (id.length !== 1) return false;
      cur = this.out(id[0]);
    }
    return false;
  }

  /** Numeric value of a constant (initializer, Constant node, or a small foldable shape expression), or null. */
  constant(name: string): number[] | null {
    if (this.constCache.has(name)) return this.constCache.get(name) ?? null;
    let value: number[] | null = null;
    const init = this.inits.get(name);
    if (init) value = numericData(init);
    else {
      const p = this.producer(name);
      if (p?.node.opType === "Constant") {
        const a = attr(p.node, "value");
        if (a?.t) value = numericData(a.t);
        else if (attr(p.node, "value_float")) value = [attr(p.node, "value_float")?.f ?? 0];
        else if (attr(p.node, "value_int")) value = [Number(attr(p.node, "value_int")?.i ?? 0)];
        else if (attr(p.node, "value_ints")) value = attrInts(p.node, "value_ints") ?? null;
        else if (attr(p.node, "value_floats")) value = attr(p.node, "value_floats")?.floats ?? null;
      } else if (p && (p.node.opType === "Identity" || p.node.opType === "Cast")) {
        value = this.constant(this.in(p, 0));
      }
    }
    this.constCache.set(name, value);
    return value;
  }

  /** A constant with exactly one element, or null. */
  scalar(name: string): number | null {
    const v = this.constant(name);
    return v && v.length === 1 ? v[0] : null;
  }

  /**
   * A shape vector with unknown (run-time) entries as null: folds Concat of constants and of
   * Unsqueeze'd run-time scalars, which is how exporters build the head-split Reshape targets.
   */
  shapeVector(name: string): (number | null)[] | null {
    const c = this.constant(name);
    if (c) return c;
    const p = this.producer(name);
    if (!p) return null;
    if (p.node.opType === "Concat") {
      const parts: (number | null)[] = [];
      for (const i of p.node.input ?? []) {
        const v = this.shapeVector(i);
        parts.push(...(v ?? [null]));
      }
      return parts;
    }
    if (p.node.opType === "Unsqueeze") return this.constant(this.in(p, 0)) ?? [null];
    return null;
  }

  /** A float initializer by name (data and dims). */
  initializer(name: string): Weight | null {
    const t = this.inits.get(name);
    if (!t) return null;
    return { data: floatData(t), shape: dimsOf(t), source: name };
  }

  /**
   * A 2-D weight fed to MatMul as [in, out]: either an initializer in that layout (what constant folding
   * leaves) or Transpose(perm=[1,0]) of an [out, in] initializer. Returned in PyTorch's [out, in] layout.
   */
  matmulWeight(name: string): Weight | null {
    const direct = this.initializer(name);
    if (direct) return direct.shape.length === 2 ? { ...direct, data: transpose2d(direct.data, direct.shape), shape: [direct.shape[1], direct.shape[0]] } : null;
    const p = this.producer(name);
    if (p?.node.opType === "Transpose") {
      const src = this.initializer(this.in(p, 0));
      const perm = attrInts(p.node, "perm") ?? [1, 0];
      if (src && src.shape.length === 2 && perm[0] === 1 && perm[1] === 0) return src;
    }
    return null;
  }
}

/** Row-major transpose of a [rows, cols] matrix. */
export function transpose2d(data: Float32Array, shape: readonly number[]): Float32Array {
  const [r, c] = shape;
  const out = new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = data[i * c + j];
  return out;
}
