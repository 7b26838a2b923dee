import { ArgumentError } from "./errors.js";
import { type Tensor, makeResult, normAxis, sizeOf } from "./tensor.js";

// Reductions over one axis work on the view outer × len × inner of the contiguous buffer; several axes
// reduce one after another, and "all axes" is one flat loop. Sums accumulate in float64.

type Axes = number | readonly number[] | undefined;

function axisList(axes: Axes, ndim: number, op: string): number[] {
  if (axes === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = (typeof axes === "number" ? [axes] : [...axes]).map((a) => normAxis(a, ndim, op));
  if (new Set(list).size !== list.length) throw new ArgumentError(`${op}: axes [${list.join(", ")}] repeat an axis.`);
  return list.sort((a, b) => a - b);
}

function outShapeOf(shape: readonly number[], axes: number[], keepdim: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepdim) out.push(1);
    } else out.push(shape[i]);
  }
  return out;
}

/** Sum over one axis of data viewed as outer × len × inner. */
function sumAxis(data: Float32Array, outer: number, len: number, inner: number): Float32Array {
  const out = new Float32Array(outer * inner);
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    const base = o * len * inner;
    for (let l = 0; l < len; l++) {
      const row = base + l * inner;
      for (let i = 0; i < inner; i++) acc[i] += data[row + i];
    }
    out.set(acc, o * inner);
  }
  return out;
}

/** Broadcasts g (shape with the reduced axes of size 1) back over those axes of `shape`. */
function spread(g: Float32Array, shape: readonly number[], axes: number[], scale: number): Float32Array {
  let cur = g;
  const curShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  for (const ax of axes) {
    const outer = sizeOf(curShape.slice(0, ax));
    const inner = sizeOf(curShape.slice(ax + 1));
    const len = shape[ax];
    const next = new Float32Array(outer * len * inner);
    for (let o = 0; o < outer; o++) {
      const src = cur.subarray(o * inner, (o + 1) * inner);
      for (let l = 0; l < len; l++) next.set(src, (o * len + l) * inner);
    }
    cur = next;
    curShape[ax] = len;
  }
  if (cur === g) cur = g.slice();
  if (scale !== 1) for (let i = 0; i < cur.length; i++) cur[i] *= scale;
  return cur;
}

function sumData(x: Tensor, axes: number[]): Float32Array {
  if (axes.length === x.ndim) {
    let s = 0;
    const d = x.data;
    for (let i = 0; i < d.length; i++) s += d[i];
    return new Float32Array([s]);
  }
  let cur = x.data;
  const curShape = [...x.shape];
  // Reduce the highest axis first so lower axis indices stay valid.
  for (let k = axes.length - 1; k >= 0; k--) {
    const ax = axes[k];
    cur = sumAxis(cur, sizeOf(curShape.slice(0, ax)), curShape[ax], sizeOf(curShape.slice(ax + 1)));
    curShape[ax] = 1;
  }
  return cur === x.data ? cur.slice() : cur;
}

/** Sum over `axes` (default: all). keepdim keeps reduced axes as size 1. */
export function sum(x: Tensor, axes?: number | readonly number[], keepdim = false): Tensor {
  const ax = axisList(axes, x.ndim, "sum");
  const shape = outShapeOf(x.shape, ax, keepdim);
  return makeResult("sum", sumData(x, ax), shape, [x], (g) => [spread(g, x.shape, ax, 1)]);
}

/** Mean over `axes` (default: all). */
export function mean(x: Tensor, axes?: number | readonly number[], keepdim = false): Tensor {
  const ax = axisList(axes, x.ndim, "mean");
  const count = ax.reduce((p, a) => p * x.shape[a], 1);
  if (count === 0) throw new ArgumentError("mean: reducing over an empty axis.");
  const out = sumData(x, ax);
  for (let i = 0; i < out.length; i++) out[i] /= count;
  const shape = outShapeOf(x.shape, ax, keepdim);
  return makeResult("mean", out, shape, [x], (g) => [spread(g, x.shape, ax, 1 / count)]);
}

/**
 * Maximum over one axis (or over everything when axis is undefined). The gradient goes to the first
 * maximal element of each reduced slice.
 */
export function max(x: Tensor, axis?: number, keepdim = false): Tensor {
  const whole = axis === undefined;
  const ax = whole ? 0 : normAxis(axis, x.ndim, "max");
  const outer = whole ? 1 : sizeOf(x.shape.slice(0, ax));
  const len = whole ? x.size : x.shape[ax];
  const inner = whole ? 1 : sizeOf(x.shape.slice(ax + 1));
  if (len === 0) throw new ArgumentError("max: reducing over an empty axis.");
  const d = x.data;
  const out = new Float32Array(outer * inner);
  const arg = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      let best = d[base];
      let bi = 0;
      for (let l = 1; l < len; l++) {
        const v = d[base + l * inner];
        if (v > best) {
          best = v;
          bi = l;
        }
      }
      out[o * inner + i] = best;
      arg[o * inner + i] = bi;
    }
  }
  const shape = whole ? (keepdim ? x.shape.map(() => 1) : []) : outShapeOf(x.shape, [ax], keepdim);
  return makeResult("max", out, shape, [x], (g) => {
    const gx = new Float32Array(x.size);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) gx[o * len * inner + arg[o * inner + i] * inner + i] = g[o * inner + i];
    }
    return [gx];
  });
}
