import { binaryInto } from "./elementwise-kernels.js";
import { ArgumentError, AutogradError, ShapeError, fmtShape } from "./errors.js";
import type { WeightHandle } from "./product-engine.js";

/** A tensor shape: sizes of each axis, outermost first. */
export type Shape = readonly number[];

/**
 * Backward of one op: receives the gradient of the op's output (same size as the output) and returns one
 * gradient per parent, in parent order (null where a parent needs none). Returned arrays may be shared
 * with other parents or be the incoming gradient itself (the engine copies on write), but must not be
 * forward buffers or arrays the op keeps using: the engine adds into them.
 */
export type BackwardFn = (grad: Float32Array) => (Float32Array | GradSlice | null)[];

/**
 * A parent gradient that is zero except for one contiguous run (e.g. the backward of a slice of the
 * outermost axis): the engine adds `values` at `offset` instead of materialising the zeros.
 */
export interface GradSlice {
  readonly offset: number;
  readonly values: Float32Array;
}

interface GraphNode {
  readonly op: string;
  readonly parents: readonly Tensor[];
  readonly backward: BackwardFn;
}

let gradEnabled = true;

/** Whether ops currently record the autograd graph (false inside `noGrad`). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs fn without recording the autograd graph (inference, optimizer updates, evaluation). */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Number of elements of a shape; throws ShapeError unless every size is a non-negative integer. */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`shape ${fmtShape(shape)} has a size that is not a non-negative integer.`);
    }
    n *= d;
  }
  return n;
}

/**
 * An n-dimensional float32 tensor. Storage is always dense, row-major and contiguous (`data[i]` with the
 * last axis fastest): view-like ops (transpose, permute, slice) materialise a copy with tight loops, and
 * reshape shares the buffer. Ops never mutate their inputs; only optimizers and explicit loads write
 * into a Parameter's `data`.
 */
export class Tensor {
  readonly data: Float32Array;
  readonly shape: Shape;
  readonly size: number;
  /** True when gradients flow to this tensor (a leaf that asked for them, or a result of such leaves). */
  requiresGrad: boolean;
  /** Accumulated gradient of a leaf after `backward()` (same layout as `data`); null before. */
  grad: Float32Array | null = null;
  /** @internal The op that produced this tensor; null for leaves and after the graph was freed. */
  node: GraphNode | null = null;
  /** @internal False for op results (their gradient is not kept). */
  isLeaf = true;

  constructor(data: Float32Array, shape: Shape, requiresGrad = false) {
    const size = sizeOf(shape);
    if (data.length !== size) {
      throw new ShapeError(`tensor data has ${data.length} elements but shape ${fmtShape(shape)} needs ${size}.`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.size = size;
    this.requiresGrad = requiresGrad;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new ShapeError(`item() needs a one-element tensor, got shape ${fmtShape(this.shape)}.`);
    return this.data[0];
  }

  /** The values as a plain array (row-major). */
  toArray(): number[] {
    return Array.from(this.data);
  }

  /** A tensor sharing this one's data, cut off from the graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /**
   * Reverse-mode autodiff from this tensor. Without `grad` the tensor must hold one element (a loss);
   * otherwise `grad` is the upstream gradient, same size. Leaf gradients accumulate into `.grad`
   * (zero them between steps); the graph is freed afterwards.
   */
  backward(grad?: Float32Array): void {
    if (!this.requiresGrad) {
      throw new AutogradError("backward() on a tensor that does not require grad; mark an input with requiresGrad.");
    }
    if (!this.isLeaf && this.node === null) {
      throw new AutogradError("backward() through a graph that was already freed; run the forward pass again.");
    }
    let seed: Float32Array;
    if (grad === undefined) {
      if (this.size !== 1) {
        throw new AutogradError(
          `backward() without a gradient needs a one-element tensor, got shape ${fmtShape(this.shape)}; pass grad.`,
        );
      }
      seed = new Float32Array([1]);
    } else {
      if (grad.length !== this.size) {
        throw new ShapeError(`backward(): grad has ${grad.length} elements, tensor ${fmtShape(this.shape)} has ${this.size}.`);
      }
      seed = grad.slice();
    }
    runBackward(this, seed);
  }
}

/** Topological order (parents before children) of the graph nodes that need gradients, ending at root. */
function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  // Iterative DFS: deep transformer graphs would overflow a recursive one.
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    const parents = t.node ? t.node.parents : [];
    if (i < parents.length) {
      top[1] = i + 1;
      const p = parents[i];
      if (p.requiresGrad && !visited.has(p)) {
        visited.add(p);
        stack.push([p, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order;
}

function runBackward(root: Tensor, seed: Float32Array): void {
  const order = topoOrder(root);
  const grads = new Map<Tensor, Float32Array>();
  // Copy-on-write gradient buffers: backward functions may hand the same array to several parents
  // (add, reshape pass g through), so each array counts its holders and is only added into in place
  // while it has a single one. This keeps residual streams free of copies.
  const holders = new Map<Float32Array, number>();
  const hold = (g: Float32Array, delta: number): number => {
    const n = (holders.get(g) ?? 0) + delta;
    if (n === 0) holders.delete(g);
    else holders.set(g, n);
    return n;
  };
  grads.set(root, seed);
  hold(seed, 1);
  // Buffers made here from slices are zero outside [lo, hi): a later slice that misses that range (the
  // q/k/v parts of one projection) is copied in rather than added. Any in-place add forgets the range.
  const nonzero = new Map<Float32Array, [number, number]>();
  const accumulateSlice = (t: Tensor, part: GradSlice): void => {
    let prev = grads.get(t);
    const { offset, values } = part;
    const end = offset + values.length;
    if (prev === undefined) {
      const fresh = new Float32Array(t.size);
      fresh.set(values, offset);
      grads.set(t, fresh);
      hold(fresh, 1);
      nonzero.set(fresh, [offset, end]);
      return;
    }
    if (holders.get(prev) !== 1) {
      const fresh = prev.slice();
      hold(prev, -1);
      grads.set(t, fresh);
      hold(fresh, 1);
      const range = nonzero.get(prev);
      if (range) nonzero.set(fresh, [range[0], range[1]]);
      prev = fresh;
    }
    const range = nonzero.get(prev);
    if (range && (end <= range[0] || offset >= range[1])) {
      prev.set(values, offset);
    } else {
      const dst = prev.subarray(offset, end);
      binaryInto("add", dst, values, dst);
    }
    if (range) {
      range[0] = Math.min(range[0], offset);
      range[1] = Math.max(range[1], end);
    }
  };
  const accumulate = (t: Tensor, g: Float32Array): void => {
    const prev = grads.get(t);
    if (prev === undefined) {
      grads.set(t, g);
      hold(g, 1);
    } else if (holders.get(prev) === 1 && prev !== g) {
      binaryInto("add", prev, g, prev);
      nonzero.delete(prev);
    } else {
      const sum = new Float32Array(prev.length);
      binaryInto("add", prev, g, sum);
      hold(prev, -1);
      grads.set(t, sum);
      hold(sum, 1);
    }
  };
  for (let idx = order.length - 1; idx >= 0; idx--) {
    const t = order[idx];
    const g = grads.get(t);
    grads.delete(t);
    if (g === undefined) continue;
    const others = hold(g, -1);
    if (others === 0) nonzero.delete(g);
    const node = t.node;
    if (node === null) {
      if (t.isLeaf) {
        if (t.grad === null) t.grad = others === 0 ? g : g.slice();
        else binaryInto("add", t.grad, g, t.grad);
      }
      continue;
    }
    const pg = node.backward(g);
    for (let i = 0; i < node.parents.length; i++) {
      const p = node.parents[i];
      const gi = pg[i];
      if (!p.requiresGrad || gi === null || gi === undefined) continue;
      if (!(gi instanceof Float32Array)) {
        if (gi.offset < 0 || gi.offset + gi.values.length > p.size) {
          throw new AutogradError(`op ${node.op}: gradient slice for input ${i} runs outside its ${p.size} elements.`);
        }
        accumulateSlice(p, gi);
        continue;
      }
      if (gi.length !== p.size) {
        throw new AutogradError(`op ${node.op}: gradient for input ${i} has ${gi.length} elements, expected ${p.size}.`);
      }
      accumulate(p, gi);
    }
    // Free saved activations as soon as they have been used.
    t.node = null;
  }
}

/**
 * @internal Wraps an op's output: records the graph node when grad mode is on and any parent needs a
 * gradient. Every op goes through here.
 */
export function makeResult(op: string, data: Float32Array, shape: Shape, parents: readonly Tensor[], backward: BackwardFn): Tensor {
  const t = new Tensor(data, shape);
  if (gradEnabled) {
    for (const p of parents) {
      if (p.requiresGrad) {
        t.requiresGrad = true;
        t.isLeaf = false;
        t.node = { op, parents, backward };
        break;
      }
    }
  }
  return t;
}

/**
 * A trainable tensor. It is its own WeightHandle for the product seam: `key` is the parameter itself and
 * `version` increases on every in-place update (optimizer step, load, init), so an engine that programs
 * weights into devices knows when to re-program.
 */
export class Parameter extends Tensor implements WeightHandle {
  /** Optional name, used by save/load and error messages. */
  name: string | undefined;
  private ver = 0;

  constructor(data: Float32Array, shape: Shape, name?: string) {
    super(data, shape, true);
    this.name = name;
  }

  get key(): object {
    return this;
  }

  get version(): number {
    return this.ver;
  }

  /** Call after writing into `data` directly, so cached programmed copies of the weight are invalidated. */
  markUpdated(): void {
    this.ver++;
  }

  /** Copies `values` into the parameter and bumps its version. */
  assign(values: ArrayLike<number>): void {
    if (values.length !== this.size) {
      throw new ShapeError(
        `assign(): ${values.length} values for parameter ${this.name ?? ""} of shape ${fmtShape(this.shape)} (${this.size}).`,
      );
    }
    this.data.set(values);
    this.markUpdated();
  }
}

/** A tensor from values and a shape (default: 1-D). Copies the values. */
export function tensor(values: ArrayLike<number>, shape?: Shape, requiresGrad = false): Tensor {
  return new Tensor(Float32Array.from(values), shape ?? [values.length], requiresGrad);
}

/** A tensor of zeros. */
export function zeros(shape: Shape, requiresGrad = false): Tensor {
  return new Tensor(new Float32Array(sizeOf(shape)), shape, requiresGrad);
}

/** A tensor filled with `value`. */
export function full(shape: Shape, value: number, requiresGrad = false): Tensor {
  return new Tensor(new Float32Array(sizeOf(shape)).fill(value), shape, requiresGrad);
}

/** A tensor of ones. */
export function ones(shape: Shape, requiresGrad = false): Tensor {
  return full(shape, 1, requiresGrad);
}

/** A zero-dimensional tensor holding one value. */
export function scalar(value: number): Tensor {
  return new Tensor(new Float32Array([value]), []);
}

/** Normalises a possibly negative axis for a tensor of rank `ndim`; throws ArgumentError when out of range. */
export function normAxis(axis: number, ndim: number, op: string): number {
  const a = axis < 0 ? axis + ndim : axis;
  if (!Number.isInteger(a) || a < 0 || a >= ndim) {
    throw new ArgumentError(`${op}: axis ${axis} is out of range for a tensor of rank ${ndim}.`);
  }
  return a;
}
