import { BinOp, binaryBroadcast, broadcastShapes, reduceToShape } from "./broadcast.js";
import { binaryInto, scaleInto } from "./elementwise-kernels.js";
import { ShapeError, fmtShape } from "./errors.js";
import { type Shape, type Tensor, makeResult } from "./tensor.js";

// Broadcasting binary arithmetic. A number operand takes a scalar fast path with no broadcast plan.

function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const OP_NAMES = ["add", "sub", "mul", "div"] as const;

function binary(name: string, op: BinOp, a: Tensor, b: Tensor): Float32Array {
  if (sameShape(a.shape, b.shape)) {
    const out = new Float32Array(a.data.length);
    binaryInto(OP_NAMES[op], a.data, b.data, out);
    return out;
  }
  return binaryBroadcast(op, a.data, a.shape, b.data, b.shape, broadcastShapes(a.shape, b.shape, name));
}

function scaled(g: Float32Array, s: number): Float32Array {
  const out = new Float32Array(g.length);
  scaleInto(g, s, out);
  return out;
}

/** a + b with broadcasting; b may be a number. */
export function add(a: Tensor, b: Tensor | number): Tensor {
  if (typeof b === "number") {
    const x = a.data;
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = x[i] + b;
    return makeResult("addScalar", out, a.shape, [a], (g) => [g]);
  }
  const shape = broadcastShapes(a.shape, b.shape, "add");
  return makeResult("add", binary("add", BinOp.Add, a, b), shape, [a, b], (g) => [
    a.requiresGrad ? reduceToShape(g, shape, a.shape) : null,
    b.requiresGrad ? reduceToShape(g, shape, b.shape) : null,
  ]);
}

/** a − b with broadcasting; b may be a number. */
export function sub(a: Tensor, b: Tensor | number): Tensor {
  if (typeof b === "number") return add(a, -b);
  const shape = broadcastShapes(a.shape, b.shape, "sub");
  return makeResult("sub", binary("sub", BinOp.Sub, a, b), shape, [a, b], (g) => [
    a.requiresGrad ? reduceToShape(g, shape, a.shape) : null,
    b.requiresGrad ? scaled(reduceToShape(g, shape, b.shape), -1) : null,
  ]);
}

/** a · b elementwise with broadcasting; b may be a number. */
export function mul(a: Tensor, b: Tensor | number): Tensor {
  if (typeof b === "number") {
    return makeResult("mulScalar", scaled(a.data, b), a.shape, [a], (g) => [scaled(g, b)]);
  }
  const shape = broadcastShapes(a.shape, b.shape, "mul");
  return makeResult("mul", binary("mul", BinOp.Mul, a, b), shape, [a, b], (g) => [
    a.requiresGrad ? reduceToShape(binaryBroadcast(BinOp.Mul, g, shape, b.data, b.shape, shape), shape, a.shape) : null,
    b.requiresGrad ? reduceToShape(binaryBroadcast(BinOp.Mul, g, shape, a.data, a.shape, shape), shape, b.shape) : null,
  ]);
}

/** a / b elementwise with broadcasting; b may be a number. */
export function div(a: Tensor, b: Tensor | number): Tensor {
  if (typeof b === "number") return mul(a, 1 / b);
  const shape = broadcastShapes(a.shape, b.shape, "div");
  const out = binary("div", BinOp.Div, a, b);
  return makeResult("div", out, shape, [a, b], (g) => {
    const gb = b.requiresGrad
      ? (() => {
          // d(a/b)/db = −(a/b)/b: reuse the forward output instead of recomputing a/b².
          const t = new Float32Array(g.length);
          for (let i = 0; i < g.length; i++) t[i] = -g[i] * out[i];
          return reduceToShape(binaryBroadcast(BinOp.Div, t, shape, b.data, b.shape, shape), shape, b.shape);
        })()
      : null;
    return [a.requiresGrad ? reduceToShape(binaryBroadcast(BinOp.Div, g, shape, b.data, b.shape, shape), shape, a.shape) : null, gb];
  });
}

/** −x. */
export function neg(x: Tensor): Tensor {
  return mul(x, -1);
}

/** Elementwise eˣ. */
export function exp(x: Tensor): Tensor {
  const d = x.data;
  const out = new Float32Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = Math.exp(d[i]);
  return makeResult("exp", out, x.shape, [x], (g) => {
    const gx = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) gx[i] = g[i] * out[i];
    return [gx];
  });
}

/** Elementwise natural log. */
export function log(x: Tensor): Tensor {
  const d = x.data;
  const out = new Float32Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = Math.log(d[i]);
  return makeResult("log", out, x.shape, [x], (g) => {
    const gx = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) gx[i] = g[i] / d[i];
    return [gx];
  });
}

/** Elementwise square root. */
export function sqrt(x: Tensor): Tensor {
  const d = x.data;
  const out = new Float32Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = Math.sqrt(d[i]);
  return makeResult("sqrt", out, x.shape, [x], (g) => {
    const gx = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) gx[i] = (0.5 * g[i]) / out[i];
    return [gx];
  });
}

/** Elementwise x^p for a constant exponent p. */
export function pow(x: Tensor, p: number): Tensor {
  const d = x.data;
  const out = new Float32Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = d[i] ** p;
  return makeResult("pow", out, x.shape, [x], (g) => {
    const gx = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) gx[i] = g[i] * p * d[i] ** (p - 1);
    return [gx];
  });
}

/** Elementwise logistic sigmoid 1/(1+e⁻ˣ). */
export function sigmoid(x: Tensor): Tensor {
  const d = x.data;
  const out = new Float32Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = 1 / (1 + Math.exp(-d[i]));
  return makeResult("sigmoid", out, x.shape, [x], (g) => {
    const gx = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) gx[i] = g[i] * out[i] * (1 - out[i]);
    return [gx];
  });
}

/** Checks that two tensors have identical shapes (ops without broadcasting). */
export function assertSameShape(op: string, a: Shape, b: Shape): void {
  if (!sameShape(a, b)) throw new ShapeError(`${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} must be equal.`);
}
