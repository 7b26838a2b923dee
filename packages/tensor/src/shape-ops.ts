import { getKernels } from "@trex/kernels";
import { broadcastShapes, expandData, reduceToShape } from "./broadcast.js";
import { ArgumentError, ShapeError, fmtShape } from "./errors.js";
import { type Shape, type Tensor, makeResult, normAxis, sizeOf } from "./tensor.js";

/** Same data, new shape (one axis may be −1 = inferred). Shares the buffer: storage is always contiguous. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const neg = shape.filter((d) => d === -1).length;
  if (neg > 1) throw new ArgumentError(`reshape: at most one axis may be -1, got ${fmtShape(shape)}.`);
  let target = [...shape];
  if (neg === 1) {
    const known = shape.reduce((p, d) => (d === -1 ? p : p * d), 1);
    if (known === 0 || x.size % known !== 0) {
      throw new ShapeError(`reshape: cannot infer -1 in ${fmtShape(shape)} for ${x.size} elements of ${fmtShape(x.shape)}.`);
    }
    target = shape.map((d) => (d === -1 ? x.size / known : d));
  }
  if (sizeOf(target) !== x.size) {
    throw new ShapeError(`reshape: cannot view ${fmtShape(x.shape)} (${x.size} elements) as ${fmtShape(target)}.`);
  }
  return makeResult("reshape", x.data, target, [x], (g) => [g]);
}

/** Copies `data` (shape `shape`) into a new buffer laid out in the axis order `perm`. */
export function permuteData(data: Float32Array, shape: Shape, perm: readonly number[]): Float32Array {
  const out = new Float32Array(data.length);
  getKernels().permute(data, out, shape, perm);
  return out;
}

/** Reorders axes: output axis i is input axis perm[i]. Materialises a contiguous copy. */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  const n = x.ndim;
  const seen = new Set(perm.map((p) => normAxis(p, n, "permute")));
  if (perm.length !== n || seen.size !== n) {
    throw new ArgumentError(`permute: [${perm.join(", ")}] is not a permutation of the ${n} axes of ${fmtShape(x.shape)}.`);
  }
  const p = perm.map((a) => normAxis(a, n, "permute"));
  const inv = new Array<number>(n);
  for (let i = 0; i < n; i++) inv[p[i]] = i;
  const outShape = p.map((a) => x.shape[a]);
  return makeResult("permute", permuteData(x.data, x.shape, p), outShape, [x], (g) => [permuteData(g, outShape, inv)]);
}

/** Swaps two axes (default: the last two). */
export function transpose(x: Tensor, axis0 = -2, axis1 = -1): Tensor {
  const a = normAxis(axis0, x.ndim, "transpose");
  const b = normAxis(axis1, x.ndim, "transpose");
  const perm = x.shape.map((_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permute(x, perm);
}

/** Elements start ≤ i < end along `axis` (negative values count from the end; Python-style clamping). */
export function slice(x: Tensor, axis: number, start: number, end?: number): Tensor {
  const ax = normAxis(axis, x.ndim, "slice");
  const len = x.shape[ax];
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + len : v, 0), len);
  const s = clamp(start);
  const e = Math.max(clamp(end ?? len), s);
  if (!Number.isInteger(start) || (end !== undefined && !Number.isInteger(end))) {
    throw new ArgumentError(`slice: start ${start} and end ${end} must be integers.`);
  }
  const outer = sizeOf(x.shape.slice(0, ax));
  const inner = sizeOf(x.shape.slice(ax + 1));
  const outShape = [...x.shape];
  outShape[ax] = e - s;
  const block = (e - s) * inner;
  let out: Float32Array;
  if (outer === 1) {
    // A slice of the outermost axis is one contiguous run: share it (ops never write their inputs).
    out = x.data.subarray(s * inner, e * inner);
  } else {
    out = new Float32Array(outer * block);
    for (let o = 0; o < outer; o++) out.set(x.data.subarray(o * len * inner + s * inner, o * len * inner + e * inner), o * block);
  }
  return makeResult("slice", out, outShape, [x], (g) => {
    if (outer === 1) return [{ offset: s * inner, values: g }];
    const gx = new Float32Array(x.size);
    for (let o = 0; o < outer; o++) gx.set(g.subarray(o * block, (o + 1) * block), o * len * inner + s * inner);
    return [gx];
  });
}

/** Joins tensors along `axis`; all other axes must match. */
export function concat(xs: readonly Tensor[], axis: number): Tensor {
  if (xs.length === 0) throw new ArgumentError("concat: needs at least one tensor.");
  const first = xs[0];
  const ax = normAxis(axis, first.ndim, "concat");
  for (const t of xs) {
    const ok = t.ndim === first.ndim && t.shape.every((d, i) => i === ax || d === first.shape[i]);
    if (!ok) {
      throw new ShapeError(
        `concat: shapes ${xs.map((u) => fmtShape(u.shape)).join(", ")} differ outside axis ${ax}.`,
      );
    }
  }
  const outer = sizeOf(first.shape.slice(0, ax));
  const inner = sizeOf(first.shape.slice(ax + 1));
  const total = xs.reduce((p, t) => p + t.shape[ax], 0);
  const outShape = [...first.shape];
  outShape[ax] = total;
  const out = new Float32Array(outer * total * inner);
  const row = total * inner;
  let off = 0;
  for (const t of xs) {
    const block = t.shape[ax] * inner;
    for (let o = 0; o < outer; o++) out.set(t.data.subarray(o * block, (o + 1) * block), o * row + off);
    off += block;
  }
  return makeResult("concat", out, outShape, xs, (g) => {
    let at = 0;
    return xs.map((t) => {
      const block = t.shape[ax] * inner;
      const start = at;
      at += block;
      if (!t.requiresGrad) return null;
      const gt = new Float32Array(t.size);
      for (let o = 0; o < outer; o++) gt.set(g.subarray(o * row + start, o * row + start + block), o * block);
      return gt;
    });
  });
}

/** Broadcasts x to `shape` (materialised copy); the gradient sums back over the broadcast axes. */
export function expand(x: Tensor, shape: Shape): Tensor {
  const target = broadcastShapes(x.shape, shape, "expand");
  if (target.length !== shape.length || target.some((d, i) => d !== shape[i])) {
    throw new ShapeError(`expand: ${fmtShape(x.shape)} cannot be expanded to ${fmtShape(shape)}.`);
  }
  const e = expandData(x.data, x.shape, target);
  return makeResult("expand", e === x.data ? e.slice() : e, target, [x], (g) => [
    reduceToShape(g, target, x.shape),
  ]);
}
