import { getKernels } from "@trex/kernels";
import { ArgumentError, ShapeError, fmtShape } from "./errors.js";
import { Parameter, type Tensor, makeResult, sizeOf } from "./tensor.js";

function checkVec(op: string, name: string, t: Tensor | null | undefined, c: number, x: Tensor): void {
  if (t && (t.ndim !== 1 || t.shape[0] !== c)) {
    throw new ShapeError(`${op}: ${name} ${fmtShape(t.shape)} must be [${c}] for input ${fmtShape(x.shape)}.`);
  }
}

/**
 * LayerNorm over the last axis: (x − mean)/√(var + eps) · gamma + beta (biased variance, as PyTorch and
 * ONNX LayerNormalization). gamma/beta of shape [C] are optional (identity affine).
 */
export function layerNorm(x: Tensor, gamma?: Tensor | null, beta?: Tensor | null, eps = 1e-5): Tensor {
  const cols = x.shape[x.ndim - 1];
  checkVec("layerNorm", "gamma", gamma, cols, x);
  checkVec("layerNorm", "beta", beta, cols, x);
  const rows = cols === 0 ? 0 : x.size / cols;
  const gd = gamma ? gamma.data : new Float32Array(cols).fill(1);
  const bd = beta ? beta.data : new Float32Array(cols);
  const y = new Float32Array(x.size);
  const mu = new Float32Array(rows);
  const rstd = new Float32Array(rows);
  getKernels().layerNormRows(x.data, gd, bd, y, mu, rstd, rows, cols, eps);
  const parents = [x, gamma, beta].filter((t): t is Tensor => !!t);
  return makeResult("layerNorm", y, x.shape, parents, (g) => {
    // One kernel call gives all three gradients; the ones no parent needs are simply dropped.
    const gx = new Float32Array(x.size);
    const ggamma = new Float32Array(cols);
    const gbeta = new Float32Array(cols);
    getKernels().layerNormBackwardRows(x.data, gd, mu, rstd, g, gx, ggamma, gbeta, rows, cols);
    const out: (Float32Array | null)[] = [x.requiresGrad ? gx : null];
    if (gamma) out.push(gamma.requiresGrad ? ggamma : null);
    if (beta) out.push(beta.requiresGrad ? gbeta : null);
    return out;
  });
}

export interface BatchNormOptions {
  /** Per-channel scale [C] (optional). */
  weight?: Tensor | null;
  /** Per-channel shift [C] (optional). */
  bias?: Tensor | null;
  /** Running mean [C], updated in place in training mode, used in eval mode. */
  runningMean: Tensor;
  /** Running (unbiased) variance [C], updated in place in training mode, used in eval mode. */
  runningVar: Tensor;
  /** Batch statistics (true) or running statistics (false). */
  training: boolean;
  /** Running-stat update rate: r ← (1 − momentum)·r + momentum·batch (PyTorch convention). Default 0.1. */
  momentum?: number;
  eps?: number;
}

/**
 * BatchNorm over axis 1 of x[N, C, ...] (BatchNorm1d/2d). Training normalises with the batch's biased
 * variance and updates the running stats (unbiased variance, like PyTorch); eval uses the running stats.
 */
export function batchNorm(x: Tensor, opts: BatchNormOptions): Tensor {
  if (x.ndim < 2) throw new ShapeError(`batchNorm: input ${fmtShape(x.shape)} needs shape [N, C, ...].`);
  const n = x.shape[0];
  const c = x.shape[1];
  const s = sizeOf(x.shape.slice(2));
  const { weight, bias, runningMean, runningVar, training } = opts;
  const momentum = opts.momentum ?? 0.1;
  const eps = opts.eps ?? 1e-5;
  checkVec("batchNorm", "weight", weight, c, x);
  checkVec("batchNorm", "bias", bias, c, x);
  checkVec("batchNorm", "runningMean", runningMean, c, x);
  checkVec("batchNorm", "runningVar", runningVar, c, x);
  const count = n * s;
  if (training && count < 2) {
    throw new ArgumentError(`batchNorm: training needs more than one value per channel, got input ${fmtShape(x.shape)}.`);
  }
  const xd = x.data;
  const mean = new Float32Array(c);
  const rstd = new Float32Array(c);
  for (let ch = 0; ch < c; ch++) {
    if (training) {
      let sm = 0;
      for (let b = 0; b < n; b++) {
        const o = (b * c + ch) * s;
        for (let i = 0; i < s; i++) sm += xd[o + i];
      }
      const mu = sm / count;
      let v = 0;
      for (let b = 0; b < n; b++) {
        const o = (b * c + ch) * s;
        for (let i = 0; i < s; i++) {
          const d = xd[o + i] - mu;
          v += d * d;
        }
      }
      mean[ch] = mu;
      rstd[ch] = 1 / Math.sqrt(v / count + eps);
      runningMean.data[ch] = (1 - momentum) * runningMean.data[ch] + momentum * mu;
      runningVar.data[ch] = (1 - momentum) * runningVar.data[ch] + (momentum * v) / (count - 1);
    } else {
      mean[ch] = runningMean.data[ch];
      rstd[ch] = 1 / Math.sqrt(runningVar.data[ch] + eps);
    }
  }
  if (training) {
    for (const t of [runningMean, runningVar]) if (t instanceof Parameter) t.markUpdated();
  }
  const wd = weight ? weight.data : null;
  const bd = bias ? bias.data : null;
  const y = new Float32Array(x.size);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const o = (b * c + ch) * s;
      const sc = rstd[ch] * (wd ? wd[ch] : 1);
      const sh = (bd ? bd[ch] : 0) - mean[ch] * sc;
      for (let i = 0; i < s; i++) y[o + i] = xd[o + i] * sc + sh;
    }
  }
  const parents = [x, weight, bias].filter((t): t is Tensor => !!t);
  return makeResult("batchNorm", y, x.shape, parents, (g) => {
    const gx = x.requiresGrad ? new Float32Array(x.size) : null;
    const gw = weight?.requiresGrad ? new Float32Array(c) : null;
    const gb = bias?.requiresGrad ? new Float32Array(c) : null;
    for (let ch = 0; ch < c; ch++) {
      const mu = mean[ch];
      const rs = rstd[ch];
      const w = wd ? wd[ch] : 1;
      let sumG = 0;
      let sumGX = 0;
      for (let b = 0; b < n; b++) {
        const o = (b * c + ch) * s;
        for (let i = 0; i < s; i++) {
          sumG += g[o + i];
          sumGX += g[o + i] * (xd[o + i] - mu) * rs;
        }
      }
      if (gw) gw[ch] = sumGX;
      if (gb) gb[ch] = sumG;
      if (!gx) continue;
      // Training: batch stats depend on x, giving the two mean-correction terms; eval: a fixed affine map.
      const a = training ? sumG / count : 0;
      const bcoef = training ? sumGX / count : 0;
      for (let b = 0; b < n; b++) {
        const o = (b * c + ch) * s;
        for (let i = 0; i < s; i++) {
          const xh = (xd[o + i] - mu) * rs;
          gx[o + i] = w * rs * (g[o + i] - a - xh * bcoef);
        }
      }
    }
    const out: (Float32Array | null)[] = [gx];
    if (weight) out.push(gw);
    if (bias) out.push(gb);
    return out;
  });
}
