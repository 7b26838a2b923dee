import { getKernels } from "@trex/kernels";
import { broadcastShapes, expandData, reduceToShape } from "./broadcast.js";
import { ShapeError, fmtShape } from "./errors.js";
import { type Tensor, makeResult, sizeOf } from "./tensor.js";

/**
 * Matrix product over the last two axes, a[..., m, k] · b[..., k, n], with NumPy broadcasting of the
 * batch axes. A 2-D b (a weight) is folded into one large GEMM; otherwise batches go to gemmBatched
 * (broadcast operands are materialised first). Both operands need rank ≥ 2.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim < 2 || b.ndim < 2) {
    throw new ShapeError(`matmul: operands need rank >= 2, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}.`);
  }
  const m = a.shape[a.ndim - 2];
  const k = a.shape[a.ndim - 1];
  const k2 = b.shape[b.ndim - 2];
  const n = b.shape[b.ndim - 1];
  if (k !== k2) {
    throw new ShapeError(`matmul: inner sizes differ: ${fmtShape(a.shape)} · ${fmtShape(b.shape)} (${k} vs ${k2}).`);
  }
  const kern = getKernels();
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  if (sizeOf(bBatch) === 1 && bBatch.length <= aBatch.length) {
    // b is one matrix: fold a's batch into its rows.
    const rows = sizeOf(aBatch) * m;
    const out = new Float32Array(rows * n);
    kern.gemm(a.data, b.data, out, rows, n, k, false, false, false);
    return makeResult("matmul", out, [...aBatch, m, n], [a, b], (g) => {
      let ga: Float32Array | null = null;
      let gb: Float32Array | null = null;
      if (a.requiresGrad) {
        ga = new Float32Array(a.size);
        getKernels().gemm(g, b.data, ga, rows, k, n, false, true, false);
      }
      if (b.requiresGrad) {
        gb = new Float32Array(b.size);
        getKernels().gemm(a.data, g, gb, k, n, rows, true, false, false);
      }
      return [ga, gb];
    });
  }
  const batch = broadcastShapes(aBatch, bBatch, "matmul");
  const nb = sizeOf(batch);
  const aFull = [...batch, m, k];
  const bFull = [...batch, k, n];
  const ad = expandData(a.data, [...aBatch, m, k], aFull);
  const bd = expandData(b.data, [...bBatch, k, n], bFull);
  const out = new Float32Array(nb * m * n);
  kern.gemmBatched(ad, bd, out, nb, m, n, k, false, false, false);
  return makeResult("matmul", out, [...batch, m, n], [a, b], (g) => {
    let ga: Float32Array | null = null;
    let gb: Float32Array | null = null;
    if (a.requiresGrad) {
      const full = new Float32Array(nb * m * k);
      getKernels().gemmBatched(g, bd, full, nb, m, k, n, false, true, false);
      ga = reduceToShape(full, aFull, a.shape);
    }
    if (b.requiresGrad) {
      const full = new Float32Array(nb * k * n);
      getKernels().gemmBatched(ad, g, full, nb, k, n, m, true, false, false);
      gb = reduceToShape(full, bFull, b.shape);
    }
    return [ga, gb];
  });
}

/** Batched matrix product a[b, m, k] · b[b, k, n] (both rank 3, same batch). */
export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 3 || b.ndim !== 3 || a.shape[0] !== b.shape[0]) {
    throw new ShapeError(`bmm: needs [b, m, k] and [b, k, n] with equal b, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}.`);
  }
  return matmul(a, b);
}
