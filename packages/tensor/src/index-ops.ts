import { ArgumentError, ShapeError, fmtShape } from "./errors.js";
import { type Shape, type Tensor, makeResult, normAxis, sizeOf } from "./tensor.js";

/** Integer indices with a shape (row-major), e.g. token ids or the indices returned by topk. */
export interface IndexTensor {
  readonly data: Int32Array;
  readonly shape: Shape;
}

/** Builds an IndexTensor (default: 1-D). */
export function indexTensor(values: ArrayLike<number>, shape?: Shape): IndexTensor {
  const data = Int32Array.from(values);
  const s = shape ?? [data.length];
  if (sizeOf(s) !== data.length) throw new ShapeError(`indexTensor: ${data.length} indices do not fill shape ${fmtShape(s)}.`);
  return { data, shape: s };
}

function checkIndex(op: string, i: number, len: number): number {
  const j = i < 0 ? i + len : i;
  if (!(j >= 0 && j < len)) throw new ArgumentError(`${op}: index ${i} is out of range for an axis of size ${len}.`);
  return j;
}

/**
 * Selects whole slices along `axis` (ONNX Gather, torch.index_select with any index shape): the output
 * shape is x.shape[:axis] + indices.shape + x.shape[axis+1:]. Negative indices count from the end.
 */
export function indexSelect(x: Tensor, axis: number, indices: IndexTensor | Int32Array): Tensor {
  const idx = indices instanceof Int32Array ? { data: indices, shape: [indices.length] } : indices;
  const ax = normAxis(axis, x.ndim, "indexSelect");
  const len = x.shape[ax];
  const outer = sizeOf(x.shape.slice(0, ax));
  const inner = sizeOf(x.shape.slice(ax + 1));
  const ni = idx.data.length;
  const pos = new Int32Array(ni);
  for (let i = 0; i < ni; i++) pos[i] = checkIndex("indexSelect", idx.data[i], len);
  const out = new Float32Array(outer * ni * inner);
  const xd = x.data;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < ni; i++) {
      const src = (o * len + pos[i]) * inner;
      out.set(xd.subarray(src, src + inner), (o * ni + i) * inner);
    }
  }
  const shape = [...x.shape.slice(0, ax), ...idx.shape, ...x.shape.slice(ax + 1)];
  return makeResult("indexSelect", out, shape, [x], (g) => {
    const gx = new Float32Array(x.size);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < ni; i++) {
        const dst = (o * len + pos[i]) * inner;
        const src = (o * ni + i) * inner;
        for (let j = 0; j < inner; j++) gx[dst + j] += g[src + j];
      }
    }
    return [gx];
  });
}

/** Rows of an embedding table weight[V, D] for ids of any shape: output [...ids.shape, D]. */
export function embedding(weight: Tensor, ids: IndexTensor): Tensor {
  if (weight.ndim !== 2) throw new ShapeError(`embedding: weight ${fmtShape(weight.shape)} must be [vocab, dim].`);
  return indexSelect(weight, 0, ids);
}

/**
 * Element-wise gather along `axis` (torch.gather, ONNX GatherElements): out has index's shape and
 * out[…, i, …] = x[…, index[…, i, …], …]. index must have x's rank and fit inside x on the other axes.
 */
export function gather(x: Tensor, axis: number, index: IndexTensor): Tensor {
  const ax = normAxis(axis, x.ndim, "gather");
  const ish = index.shape;
  if (ish.length !== x.ndim || ish.some((d, i) => i !== ax && d > x.shape[i])) {
    throw new ShapeError(`gather: index ${fmtShape(ish)} must have the rank of x ${fmtShape(x.shape)} and fit inside it.`);
  }
  const nd = x.ndim;
  const xs = new Array<number>(nd);
  let acc = 1;
  for (let i = nd - 1; i >= 0; i--) {
    xs[i] = acc;
    acc *= x.shape[i];
  }
  const n = index.data.length;
  const src = new Int32Array(n);
  const coord = new Array<number>(nd).fill(0);
  for (let f = 0; f < n; f++) {
    let off = 0;
    for (let d = 0; d < nd; d++) {
      off += (d === ax ? checkIndex("gather", index.data[f], x.shape[ax]) : coord[d]) * xs[d];
    }
    src[f] = off;
    for (let d = nd - 1; d >= 0; d--) {
      if (++coord[d] < ish[d]) break;
      coord[d] = 0;
    }
  }
  const out = new Float32Array(n);
  for (let f = 0; f < n; f++) out[f] = x.data[src[f]];
  return makeResult("gather", out, ish, [x], (g) => {
    const gx = new Float32Array(x.size);
    for (let f = 0; f < n; f++) gx[src[f]] += g[f];
    return [gx];
  });
}

/** Result of topk: the k values (differentiable) and their positions along the axis. */
export interface TopK {
  values: Tensor;
  indices: IndexTensor;
}

/**
 * The k largest (or smallest) entries along `axis`, sorted; ties keep the lower index first (as ONNX
 * TopK). The gradient flows through `values` to the selected positions.
 */
export function topk(x: Tensor, k: number, axis = -1, largest = true): TopK {
  const ax = normAxis(axis, x.ndim, "topk");
  const len = x.shape[ax];
  if (!Number.isInteger(k) || k < 0 || k > len) {
    throw new ArgumentError(`topk: k = ${k} must be an integer in [0, ${len}] for axis ${ax} of ${fmtShape(x.shape)}.`);
  }
  const outer = sizeOf(x.shape.slice(0, ax));
  const inner = sizeOf(x.shape.slice(ax + 1));
  const out = new Float32Array(outer * k * inner);
  const outIdx = new Int32Array(outer * k * inner);
  const src = new Int32Array(outer * k * inner);
  const vals = new Float32Array(len);
  const order = Array.from({ length: len }, (_, i) => i);
  const sign = largest ? -1 : 1;
  const cmp = (a: number, b: number) => sign * (vals[a] - vals[b]) || a - b;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      for (let l = 0; l < len; l++) {
        vals[l] = x.data[base + l * inner];
        order[l] = l;
      }
      order.sort(cmp);
      for (let j = 0; j < k; j++) {
        const dst = (o * k + j) * inner + i;
        out[dst] = vals[order[j]];
        outIdx[dst] = order[j];
        src[dst] = base + order[j] * inner;
      }
    }
  }
  const shape = [...x.shape];
  shape[ax] = k;
  const values = makeResult("topk", out, shape, [x], (g) => {
    const gx = new Float32Array(x.size);
    for (let f = 0; f < src.length; f++) gx[src[f]] += g[f];
    return [gx];
  });
  return { values, indices: { data: outIdx, shape } };
}
