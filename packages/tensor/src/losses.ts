import { assertSameShape } from "./elementwise.js";
import { ArgumentError, ShapeError, fmtShape } from "./errors.js";
import type { IndexTensor } from "./index-ops.js";
import { type Tensor, makeResult } from "./tensor.js";

// Losses are fused (log-softmax and its gradient in one pass per row): they run once per step on the
// largest logits tensor, and the fused gradient softmax − target is also the more accurate one.

export interface CrossEntropyOptions {
  /** ε of label smoothing: the target is (1 − ε)·one-hot + ε/C (PyTorch convention). Default 0. */
  labelSmoothing?: number;
  /** Targets equal to this are skipped; the mean is over the remaining rows. */
  ignoreIndex?: number;
  /** "mean" (default) over counted rows, or "sum". */
  reduction?: "mean" | "sum";
}

/** log-softmax of each row of a rows×cols buffer. */
function logSoftmaxRows(x: Float32Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let mx = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < cols; c++) if (x[o + c] > mx) mx = x[o + c];
    let s = 0;
    for (let c = 0; c < cols; c++) s += Math.exp(x[o + c] - mx);
    const lse = mx + Math.log(s);
    for (let c = 0; c < cols; c++) out[o + c] = x[o + c] - lse;
  }
  return out;
}

function rowsCols(op: string, logits: Tensor): [number, number] {
  if (logits.ndim < 1) throw new ShapeError(`${op}: logits ${fmtShape(logits.shape)} need a class axis (last).`);
  const cols = logits.shape[logits.ndim - 1];
  return [cols === 0 ? 0 : logits.size / cols, cols];
}

/**
 * Cross-entropy of logits[..., C] (class axis last) against integer targets (one per row), with
 * optional label smoothing and ignore index. Returns a scalar.
 */
export function crossEntropy(logits: Tensor, targets: Int32Array | IndexTensor, opts: CrossEntropyOptions = {}): Tensor {
  const t = targets instanceof Int32Array ? targets : targets.data;
  const [rows, cols] = rowsCols("crossEntropy", logits);
  if (t.length !== rows) {
    throw new ShapeError(`crossEntropy: ${t.length} targets for logits ${fmtShape(logits.shape)} (${rows} rows).`);
  }
  const eps = opts.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw new ArgumentError(`crossEntropy: labelSmoothing ${eps} must be in [0, 1].`);
  const ignore = opts.ignoreIndex;
  const lp = logSoftmaxRows(logits.data, rows, cols);
  let total = 0;
  let count = 0;
  for (let r = 0; r < rows; r++) {
    const y = t[r];
    if (ignore !== undefined && y === ignore) continue;
    if (!(y >= 0 && y < cols)) {
      throw new ArgumentError(`crossEntropy: target ${y} in row ${r} is outside [0, ${cols}); set ignoreIndex to skip it.`);
    }
    const o = r * cols;
    let smooth = 0;
    if (eps > 0) {
      for (let c = 0; c < cols; c++) smooth += lp[o + c];
      smooth /= cols;
    }
    total += -(1 - eps) * lp[o + y] - eps * smooth;
    count++;
  }
  const scale = opts.reduction === "sum" ? 1 : count > 0 ? 1 / count : 0;
  // With every row ignored the mean is undefined; PyTorch returns NaN, and so do we.
  const value = opts.reduction === "sum" ? total : count > 0 ? total / count : Number.NaN;
  return makeResult("crossEntropy", new Float32Array([value]), [], [logits], (g) => {
    const gx = new Float32Array(logits.size);
    const s = g[0] * scale;
    for (let r = 0; r < rows; r++) {
      const y = t[r];
      if (ignore !== undefined && y === ignore) continue;
      const o = r * cols;
      for (let c = 0; c < cols; c++) {
        const q = (c === y ? 1 - eps : 0) + eps / cols;
        gx[o + c] = s * (Math.exp(lp[o + c]) - q);
      }
    }
    return [gx];
  });
}

/**
 * Cross-entropy against soft targets (e.g. a teacher's probabilities or mixup labels):
 * mean over rows of −Σ_c p_c · log softmax(logits)_c. Gradients flow to both operands.
 */
export function softTargetCrossEntropy(logits: Tensor, target: Tensor): Tensor {
  assertSameShape("softTargetCrossEntropy", logits.shape, target.shape);
  const [rows, cols] = rowsCols("softTargetCrossEntropy", logits);
  const lp = logSoftmaxRows(logits.data, rows, cols);
  const p = target.data;
  let total = 0;
  for (let i = 0; i < lp.length; i++) total -= p[i] * lp[i];
  return makeResult("softTargetCrossEntropy", new Float32Array([total / rows]), [], [logits, target], (g) => {
    const s = g[0] / rows;
    let gl: Float32Array | null = null;
    let gt: Float32Array | null = null;
    if (logits.requiresGrad) {
      gl = new Float32Array(logits.size);
      for (let r = 0; r < rows; r++) {
        const o = r * cols;
        let ps = 0;
        for (let c = 0; c < cols; c++) ps += p[o + c];
        for (let c = 0; c < cols; c++) gl[o + c] = s * (Math.exp(lp[o + c]) * ps - p[o + c]);
      }
    }
    if (target.requiresGrad) {
      gt = new Float32Array(target.size);
      for (let i = 0; i < gt.length; i++) gt[i] = -s * lp[i];
    }
    return [gl, gt];
  });
}

/**
 * KL(p ‖ q) with q given as log-probabilities (PyTorch F.kl_div(logQ, p, reduction="batchmean")):
 * Σ p·(log p − logQ) / N, N = size of the first axis; terms with p = 0 count as 0 (and get no gradient
 * with respect to p).
 */
export function klDiv(logQ: Tensor, p: Tensor): Tensor {
  assertSameShape("klDiv", logQ.shape, p.shape);
  const n = logQ.ndim === 0 ? 1 : logQ.shape[0];
  const lq = logQ.data;
  const pd = p.data;
  let total = 0;
  for (let i = 0; i < pd.length; i++) if (pd[i] > 0) total += pd[i] * (Math.log(pd[i]) - lq[i]);
  return makeResult("klDiv", new Float32Array([total / n]), [], [logQ, p], (g) => {
    const s = g[0] / n;
    let gq: Float32Array | null = null;
    let gp: Float32Array | null = null;
    if (logQ.requiresGrad) {
      gq = new Float32Array(lq.length);
      for (let i = 0; i < gq.length; i++) gq[i] = -s * pd[i];
    }
    if (p.requiresGrad) {
      gp = new Float32Array(pd.length);
      for (let i = 0; i < gp.length; i++) gp[i] = pd[i] > 0 ? s * (Math.log(pd[i]) + 1 - lq[i]) : 0;
    }
    return [gq, gp];
  });
}

/** Mean squared error mean((a − b)²) over all elements (shapes must match). */
export function mse(a: Tensor, b: Tensor): Tensor {
  assertSameShape("mse", a.shape, b.shape);
  const n = a.size;
  const diff = new Float32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    diff[i] = a.data[i] - b.data[i];
    total += diff[i] * diff[i];
  }
  return makeResult("mse", new Float32Array([total / n]), [], [a, b], (g) => {
    const s = (2 * g[0]) / n;
    const ga = a.requiresGrad ? new Float32Array(n) : null;
    const gb = b.requiresGrad ? new Float32Array(n) : null;
    for (let i = 0; i < n; i++) {
      if (ga) ga[i] = s * diff[i];
      if (gb) gb[i] = -s * diff[i];
    }
    return [ga, gb];
  });
}
