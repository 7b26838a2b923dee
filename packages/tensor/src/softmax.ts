import { getKernels } from "@trex/kernels";
import { permute } from "./shape-ops.js";
import { type Tensor, makeResult, normAxis } from "./tensor.js";

/** Moves `axis` last, applies a last-axis op, moves it back (the rare non-last-axis case). */
function alongAxis(x: Tensor, axis: number, op: string, f: (t: Tensor) => Tensor): Tensor {
  const ax = normAxis(axis, x.ndim, op);
  if (ax === x.ndim - 1) return f(x);
  const perm = x.shape.map((_, i) => i);
  perm.splice(ax, 1);
  perm.push(ax);
  const inv = new Array<number>(perm.length);
  for (let i = 0; i < perm.length; i++) inv[perm[i]] = i;
  return permute(f(permute(x, perm)), inv);
}

function softmaxLast(x: Tensor): Tensor {
  const cols = x.shape[x.ndim - 1];
  const rows = cols === 0 ? 0 : x.size / cols;
  const y = new Float32Array(x.size);
  getKernels().softmaxRows(x.data, y, rows, cols);
  return makeResult("softmax", y, x.shape, [x], (g) => {
    // dx = y ⊙ (g − Σ g·y) per row.
    const gx = new Float32Array(g.length);
    getKernels().softmaxBackwardRows(y, g, gx, rows, cols);
    return [gx];
  });
}

function logSoftmaxLast(x: Tensor): Tensor {
  const cols = x.shape[x.ndim - 1];
  const rows = cols === 0 ? 0 : x.size / cols;
  const d = x.data;
  const y = new Float32Array(x.size);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let mx = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < cols; c++) if (d[o + c] > mx) mx = d[o + c];
    let s = 0;
    for (let c = 0; c < cols; c++) s += Math.exp(d[o + c] - mx);
    const lse = mx + Math.log(s);
    for (let c = 0; c < cols; c++) y[o + c] = d[o + c] - lse;
  }
  return makeResult("logSoftmax", y, x.shape, [x], (g) => {
    // dx = g − softmax · Σ g per row.
    const gx = new Float32Array(g.length);
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let s = 0;
      for (let c = 0; c < cols; c++) s += g[o + c];
      for (let c = 0; c < cols; c++) gx[o + c] = g[o + c] - Math.exp(y[o + c]) * s;
    }
    return [gx];
  });
}

/** Softmax along `axis` (default last), numerically stable. */
export function softmax(x: Tensor, axis = -1): Tensor {
  return alongAxis(x, axis, "softmax", softmaxLast);
}

/** log(softmax(x)) along `axis` (default last), computed as x − logsumexp(x). */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return alongAxis(x, axis, "logSoftmax", logSoftmaxLast);
}
