import { ShapeError, fmtShape } from "./errors.js";
import { type Shape, sizeOf } from "./tensor.js";

// NumPy-style broadcasting. Loops run over a "plan": the output's axes with every input's strides (0 on
// broadcast axes), after merging adjacent axes that stay contiguous for all operands, so the common cases
// (same shape, bias over the last axis, per-channel scale) become one or two tight loops.

/** The broadcast shape of a and b, or a ShapeError naming both. */
export function broadcastShapes(a: Shape, b: Shape, op: string): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i - (n - a.length) >= 0 ? a[i - (n - a.length)] : 1;
    const db = i - (n - b.length) >= 0 ? b[i - (n - b.length)] : 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(`${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together.`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

interface Plan {
  dims: number[];
  strides: number[][];
}

/** Strides of each input shape inside outShape (0 on broadcast axes), with mergeable axes merged. */
function makePlan(outShape: Shape, inShapes: readonly Shape[]): Plan {
  const n = outShape.length;
  const strides = inShapes.map((s) => {
    const st = new Array<number>(n).fill(0);
    let acc = 1;
    for (let i = s.length - 1; i >= 0; i--) {
      const oi = i + n - s.length;
      st[oi] = s[i] === 1 && outShape[oi] !== 1 ? 0 : acc;
      acc *= s[i];
    }
    return st;
  });
  const dims: number[] = [];
  const merged: number[][] = inShapes.map(() => []);
  for (let i = 0; i < n; i++) {
    if (outShape[i] === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && strides.every((st, k) => merged[k][last] === st[i] * outShape[i])) {
      dims[last] *= outShape[i];
      for (let k = 0; k < strides.length; k++) merged[k][last] = strides[k][i];
    } else {
      dims.push(outShape[i]);
      for (let k = 0; k < strides.length; k++) merged[k].push(strides[k][i]);
    }
  }
  if (dims.length === 0) {
    dims.push(1);
    for (const m of merged) m.push(0);
  }
  return { dims, strides: merged };
}

/** Binary op codes; a switch outside the inner loop keeps one tight loop per op. */
export const BinOp = { Add: 0, Sub: 1, Mul: 2, Div: 3 } as const;
export type BinOp = (typeof BinOp)[keyof typeof BinOp];

function innerLoop(
  op: BinOp,
  a: Float32Array,
  oa: number,
  ia: number,
  b: Float32Array,
  ob: number,
  ib: number,
  out: Float32Array,
  o: number,
  n: number,
): void {
  switch (op) {
    case BinOp.Add:
      for (let j = 0; j < n; j++) out[o + j] = a[oa + j * ia] + b[ob + j * ib];
      break;
    case BinOp.Sub:
      for (let j = 0; j < n; j++) out[o + j] = a[oa + j * ia] - b[ob + j * ib];
      break;
    case BinOp.Mul:
      for (let j = 0; j < n; j++) out[o + j] = a[oa + j * ia] * b[ob + j * ib];
      break;
    case BinOp.Div:
      for (let j = 0; j < n; j++) out[o + j] = a[oa + j * ia] / b[ob + j * ib];
      break;
  }
}

/** out = a ∘ b with broadcasting to outShape (which must be the broadcast shape of the two). */
export function binaryBroadcast(op: BinOp, a: Float32Array, aShape: Shape, b: Float32Array, bShape: Shape, outShape: Shape): Float32Array {
  const out = new Float32Array(sizeOf(outShape));
  const { dims, strides } = makePlan(outShape, [aShape, bShape]);
  const [sa, sb] = strides;
  const nd = dims.length;
  const inner = dims[nd - 1];
  const ia = sa[nd - 1];
  const ib = sb[nd - 1];
  const outer = out.length / Math.max(inner, 1);
  const idx = new Array<number>(nd).fill(0);
  let oa = 0;
  let ob = 0;
  for (let r = 0; r < outer; r++) {
    innerLoop(op, a, oa, ia, b, ob, ib, out, r * inner, inner);
    // Odometer over the outer axes.
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      oa += sa[d];
      ob += sb[d];
      if (idx[d] < dims[d]) break;
      oa -= sa[d] * dims[d];
      ob -= sb[d] * dims[d];
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * Sums a gradient of shape `from` down to `to` (a shape that broadcasts to `from`): the backward of
 * broadcasting. Returns `g` itself when nothing was broadcast.
 */
export function reduceToShape(g: Float32Array, from: Shape, to: Shape): Float32Array {
  const n = sizeOf(to);
  if (n === g.length) return g;
  const out = new Float32Array(n);
  if (n === 1) {
    let s = 0;
    for (let i = 0; i < g.length; i++) s += g[i];
    out[0] = s;
    return out;
  }
  const { dims, strides } = makePlan(from, [to]);
  const st = strides[0];
  const nd = dims.length;
  const inner = dims[nd - 1];
  const it = st[nd - 1];
  const outer = g.length / inner;
  const idx = new Array<number>(nd).fill(0);
  let ot = 0;
  for (let r = 0; r < outer; r++) {
    const o = r * inner;
    if (it === 0) {
      let s = 0;
      for (let j = 0; j < inner; j++) s += g[o + j];
      out[ot] += s;
    } else {
      for (let j = 0; j < inner; j++) out[ot + j * it] += g[o + j];
    }
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      ot += st[d];
      if (idx[d] < dims[d]) break;
      ot -= st[d] * dims[d];
      idx[d] = 0;
    }
  }
  return out;
}

/** Materialises `data` (shape `from`) broadcast to shape `to`. */
export function expandData(data: Float32Array, from: Shape, to: Shape): Float32Array {
  if (sizeOf(to) === data.length) return data;
  const zero = new Float32Array(1);
  return binaryBroadcast(BinOp.Add, data, from, zero, [], to);
}
