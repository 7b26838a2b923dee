import { getKernels } from "@trex/kernels";
import { TensorError, ShapeError, fmtShape } from "./errors.js";
import { idealEngine } from "./ideal-engine.js";
import type { ProductEngine, WeightHandle } from "./product-engine.js";
import { Parameter, type Tensor, makeResult, sizeOf } from "./tensor.js";

// The two ops whose forward product goes through a ProductEngine (the seam to the crossbar simulator).
// Their backward passes use the ideal product of the values the forward saw (straight-through).

const plainHandles = new WeakMap<Tensor, WeightHandle>();

/**
 * The WeightHandle of a weight tensor: a Parameter is its own handle; any other tensor gets a stable
 * handle with version 0 (plain tensors are treated as immutable constants).
 */
export function weightHandle(w: Tensor): WeightHandle {
  if (w instanceof Parameter) return w;
  let h = plainHandles.get(w);
  if (h === undefined) {
    h = { key: w, version: 0 };
    plainHandles.set(w, h);
  }
  return h;
}

function checkEngineOutput(engine: ProductEngine, what: string, out: Float32Array, expected: number): void {
  if (out.length !== expected) {
    throw new TensorError(`engine "${engine.id}" returned ${out.length} values from ${what}; expected ${expected}.`);
  }
}

/**
 * y = x · Wᵀ + b over the last axis of x (PyTorch Linear): x[..., in], weight[out, in], bias[out].
 * The product runs on `engine` (default: ideal).
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null, engine: ProductEngine = idealEngine): Tensor {
  if (weight.ndim !== 2 || x.ndim < 1 || x.shape[x.ndim - 1] !== weight.shape[1]) {
    throw new ShapeError(
      `linear: input ${fmtShape(x.shape)} does not fit weight ${fmtShape(weight.shape)} (need [..., in] and [out, in]).`,
    );
  }
  const outF = weight.shape[0];
  const inF = weight.shape[1];
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outF)) {
    throw new ShapeError(`linear: bias ${fmtShape(bias.shape)} must be [${outF}] for weight ${fmtShape(weight.shape)}.`);
  }
  const rows = x.size / inF;
  let y: Float32Array;
  if (bias && engine === idealEngine) {
    // Ideal product with the bias fused: the GEMM accumulates onto rows pre-filled with the bias.
    y = new Float32Array(rows * outF);
    if (rows > 0) {
      y.set(bias.data.subarray(0, outF));
      for (let filled = outF; filled < y.length; filled *= 2) y.copyWithin(filled, 0, Math.min(filled, y.length - filled));
    }
    getKernels().gemm(x.data, weight.data, y, rows, outF, inF, false, true, true);
  } else {
    y = engine.linear(x.data, rows, inF, weight.data, outF, weightHandle(weight));
    checkEngineOutput(engine, "linear", y, rows * outF);
    if (bias) {
      const b = bias.data;
      for (let r = 0; r < rows; r++) {
        const o = r * outF;
        for (let j = 0; j < outF; j++) y[o + j] += b[j];
      }
    }
  }
  const parents = bias ? [x, weight, bias] : [x, weight];
  return makeResult("linear", y, [...x.shape.slice(0, -1), outF], parents, (g) => {
    const k = getKernels();
    let gx: Float32Array | null = null;
    let gw: Float32Array | null = null;
    let gb: Float32Array | null = null;
    if (x.requiresGrad) {
      gx = new Float32Array(x.size);
      k.gemm(g, weight.data, gx, rows, inF, outF, false, false, false);
    }
    if (weight.requiresGrad) {
      gw = new Float32Array(weight.size);
      k.gemm(g, x.data, gw, outF, inF, rows, true, false, false);
    }
    if (bias?.requiresGrad) {
      gb = new Float32Array(outF);
      k.sumRows(g, gb, rows, outF, false);
    }
    return [gx, gw, gb];
  });
}

export interface DynamicMatmulOptions {
  /** Use bᵀ: b is stored [..., n, k] (e.g. K for QKᵀ). Default false. */
  transB?: boolean;
  /** Engine for the forward product (default: ideal). */
  engine?: ProductEngine;
}

/**
 * Activation × activation product for attention (QKᵀ, S·V): a[..., m, k] · op(b) with op(b) = b[..., k, n]
 * or bᵀ for b[..., n, k] when transB. Batch axes must be equal (no broadcasting). `b` is the operand a
 * crossbar engine writes into devices at run time.
 */
export function dynamicMatmul(a: Tensor, b: Tensor, options: DynamicMatmulOptions = {}): Tensor {
  const transB = options.transB ?? false;
  const engine = options.engine ?? idealEngine;
  const bad = () =>
    new ShapeError(
      `dynamicMatmul: a ${fmtShape(a.shape)} and b ${fmtShape(b.shape)} (transB=${transB}) need equal batch axes and ` +
        "a[..., m, k] with b[..., k, n] (or b[..., n, k] when transB).",
    );
  if (a.ndim < 2 || a.ndim !== b.ndim) throw bad();
  for (let i = 0; i < a.ndim - 2; i++) if (a.shape[i] !== b.shape[i]) throw bad();
  const m = a.shape[a.ndim - 2];
  const k = a.shape[a.ndim - 1];
  const bk = transB ? b.shape[b.ndim - 1] : b.shape[b.ndim - 2];
  const n = transB ? b.shape[b.ndim - 2] : b.shape[b.ndim - 1];
  if (bk !== k) throw bad();
  const batch = sizeOf(a.shape.slice(0, -2));
  const out = engine.dynamic(a.data, b.data, batch, m, n, k, transB);
  checkEngineOutput(engine, "dynamic", out, batch * m * n);
  return makeResult("dynamicMatmul", out, [...a.shape.slice(0, -2), m, n], [a, b], (g) => {
    const kern = getKernels();
    let ga: Float32Array | null = null;
    let gb: Float32Array | null = null;
    if (a.requiresGrad) {
      // da = g · op(b)ᵀ: with transB, op(b)ᵀ = b itself.
      ga = new Float32Array(a.size);
      kern.gemmBatched(g, b.data, ga, batch, m, k, n, false, !transB, false);
    }
    if (b.requiresGrad) {
      gb = new Float32Array(b.size);
      if (transB) kern.gemmBatched(g, a.data, gb, batch, n, k, m, true, false, false);
      else kern.gemmBatched(a.data, g, gb, batch, k, n, m, true, false, false);
    }
    return [ga, gb];
  });
}
