import { geluGradScalar, geluScalar } from "./erf.js";
import { KernelShapeError } from "./errors.js";
import type { Kernels } from "./kernels.js";
import { checkGemm, checkLength, checkPermute, checkRows, checkSameLength, checkSizes } from "./validate.js";

// The plain-TypeScript backend: the reference the WASM kernels are tested against and the fallback where
// WebAssembly SIMD is unavailable. Clarity first; sums run in float64 so it is also the more accurate one.

/** One GEMM on sub-arrays starting at the given offsets (shared by gemm and gemmBatched). */
function gemmAt(
  a: Float32Array,
  aOff: number,
  b: Float32Array,
  bOff: number,
  out: Float32Array,
  oOff: number,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
): void {
  // op(a)[i, p] = a[aOff + i·sai + p·sap]; op(b)[p, j] = b[bOff + p·sbp + j·sbj].
  const sai = transA ? 1 : k;
  const sap = transA ? m : 1;
  const sbp = transB ? 1 : n;
  const sbj = transB ? k : 1;
  const acc = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    acc.fill(0);
    if (transB) {
      // op(b) columns are contiguous rows of b: dot products run along memory.
      for (let j = 0; j < n; j++) {
        let s = 0;
        const bj = bOff + j * sbj;
        for (let p = 0; p < k; p++) s += a[aOff + i * sai + p * sap] * b[bj + p];
        acc[j] = s;
      }
    } else {
      // Rows of op(b) are contiguous: accumulate a[i, p] · b[p, :] into the row.
      for (let p = 0; p < k; p++) {
        const aip = a[aOff + i * sai + p * sap];
        if (aip === 0) continue;
        const bp = bOff + p * sbp;
        for (let j = 0; j < n; j++) acc[j] += aip * b[bp + j];
      }
    }
    const o = oOff + i * n;
    if (accumulate) for (let j = 0; j < n; j++) out[o + j] += acc[j];
    else for (let j = 0; j < n; j++) out[o + j] = acc[j];
  }
}

/** The error for an unknown elementwise op (shared with the WASM backend). */
export function badOp(op: unknown): KernelShapeError {
  return new KernelShapeError(`binary: op "${String(op)}" is not one of "add", "sub", "mul", "div"; pass one of those.`);
}

/** The plain-TypeScript kernels (backend name "ts"). */
export const tsKernels: Kernels = {
  name: "ts",

  gemm(a, b, out, m, n, k, transA, transB, accumulate) {
    checkGemm("gemm", a, b, out, 1, m, n, k);
    gemmAt(a, 0, b, 0, out, 0, m, n, k, transA, transB, accumulate);
  },

  gemmBatched(a, b, out, batch, m, n, k, transA, transB, accumulate) {
    checkGemm("gemmBatched", a, b, out, batch, m, n, k);
    for (let i = 0; i < batch; i++) {
      gemmAt(a, i * m * k, b, i * k * n, out, i * m * n, m, n, k, transA, transB, accumulate);
    }
  },

  softmaxRows(x, out, rows, cols) {
    checkRows("softmaxRows", x, out, rows, cols);
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < cols; c++) max = Math.max(max, x[o + c]);
      // A row of all −∞ has no defined softmax; subtracting 0 keeps the NaN honest instead of inventing one.
      if (max === Number.NEGATIVE_INFINITY) max = 0;
      let sum = 0;
      for (let c = 0; c < cols; c++) {
        const e = Math.exp(x[o + c] - max);
        out[o + c] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let c = 0; c < cols; c++) out[o + c] *= inv;
    }
  },

  layerNormRows(x, gamma, beta, out, mean, rstd, rows, cols, eps) {
    checkRows("layerNormRows", x, out, rows, cols);
    checkLength("layerNormRows", "gamma", gamma, cols);
    checkLength("layerNormRows", "beta", beta, cols);
    checkLength("layerNormRows", "mean", mean, rows);
    checkLength("layerNormRows", "rstd", rstd, rows);
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let s = 0;
      for (let c = 0; c < cols; c++) s += x[o + c];
      const mu = s / cols;
      // Two-pass variance: no cancellation for rows with a large common offset.
      let v = 0;
      for (let c = 0; c < cols; c++) {
        const d = x[o + c] - mu;
        v += d * d;
      }
      const rs = 1 / Math.sqrt(v / cols + eps);
      mean[r] = mu;
      rstd[r] = rs;
      for (let c = 0; c < cols; c++) out[o + c] = (x[o + c] - mu) * rs * gamma[c] + beta[c];
    }
  },

  gelu(x, out) {
    checkSameLength("gelu", { x, out });
    for (let i = 0; i < x.length; i++) out[i] = geluScalar(x[i]);
  },

  geluBackward(x, dy, dx) {
    checkSameLength("geluBackward", { x, dy, dx });
    for (let i = 0; i < x.length; i++) dx[i] = dy[i] * geluGradScalar(x[i]);
  },

  sumRows(x, out, rows, cols, accumulate) {
    checkSizes("sumRows", { rows, cols });
    checkLength("sumRows", "x", x, rows * cols);
    checkLength("sumRows", "out", out, cols);
    const acc = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      for (let c = 0; c < cols; c++) acc[c] += x[o + c];
    }
    for (let c = 0; c < cols; c++) out[c] = accumulate ? out[c] + acc[c] : acc[c];
  },

  softmaxBackwardRows(y, dy, dx, rows, cols) {
    checkRows("softmaxBackwardRows", y, dx, rows, cols);
    checkLength("softmaxBackwardRows", "dy", dy, rows * cols);
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += dy[o + c] * y[o + c];
      for (let c = 0; c < cols; c++) dx[o + c] = y[o + c] * (dy[o + c] - dot);
    }
  },

  layerNormBackwardRows(x, gamma, mean, rstd, dy, dx, dgamma, dbeta, rows, cols) {
    checkRows("layerNormBackwardRows", x, dx, rows, cols);
    checkLength("layerNormBackwardRows", "dy", dy, rows * cols);
    for (const [name, arr] of [["gamma", gamma], ["dgamma", dgamma], ["dbeta", dbeta]] as const) {
      checkLength("layerNormBackwardRows", name, arr, cols);
    }
    checkLength("layerNormBackwardRows", "mean", mean, rows);
    checkLength("layerNormBackwardRows", "rstd", rstd, rows);
    const sg = new Float64Array(cols);
    const sb = new Float64Array(cols);
    const xh = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      const m = mean[r];
      const s = rstd[r];
      let sumD = 0;
      let sumDX = 0;
      for (let c = 0; c < cols; c++) {
        const v = (x[o + c] - m) * s;
        xh[c] = v;
        const d = dy[o + c] * gamma[c];
        sumD += d;
        sumDX += d * v;
        sg[c] += dy[o + c] * v;
        sb[c] += dy[o + c];
      }
      const a = sumD / cols;
      const b = sumDX / cols;
      for (let c = 0; c < cols; c++) dx[o + c] = s * (dy[o + c] * gamma[c] - a - xh[c] * b);
    }
    dgamma.set(sg.subarray(0, cols));
    dbeta.set(sb.subarray(0, cols));
  },

  permute(x, out, shape, perm) {
    const { dims, strides, size } = checkPermute(x, out, shape, perm);
    const n = dims.length;
    if (size === 0) return;
    if (n < 2) {
      out.set(x.subarray(0, size));
      return;
    }
    // The two innermost output axes are plain nested loops; an odometer over the rest follows the
    // matching input offset `off`.
    const d1 = dims[n - 1];
    const s1 = strides[n - 1];
    const d2 = dims[n - 2];
    const s2 = strides[n - 2];
    const outer = size / (d1 * d2);
    const idx = new Array<number>(n).fill(0);
    let off = 0;
    let o = 0;
    for (let r = 0; r < outer; r++) {
      for (let j2 = 0; j2 < d2; j2++) {
        const base = off + j2 * s2;
        for (let j = 0; j < d1; j++) out[o++] = x[base + j * s1];
      }
      for (let d = n - 3; d >= 0; d--) {
        idx[d]++;
        off += strides[d];
        if (idx[d] < dims[d]) break;
        off -= strides[d] * dims[d];
        idx[d] = 0;
      }
    }
  },

  binary(op, a, b, out) {
    checkSameLength("binary", { a, b, out });
    const n = a.length;
    if (op === "add") for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
    else if (op === "sub") for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
    else if (op === "mul") for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
    else if (op === "div") for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
    else throw badOp(op);
  },

  scale(x, s, out) {
    checkSameLength("scale", { x, out });
    for (let i = 0; i < x.length; i++) out[i] = x[i] * s;
  },
};
