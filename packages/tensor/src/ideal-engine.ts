import { getKernels } from "@trex/kernels";
import type { ProductEngine } from "./product-engine.js";

/**
 * The ideal product engine: exact float32 products on the active kernels backend (WASM SIMD GEMM when
 * initialised). It is the default of every routed op and the reference the crossbar engines are compared to.
 */
export const idealEngine: ProductEngine = {
  id: "ideal",
  linear(x, rows, inFeatures, weight, outFeatures) {
    const out = new Float32Array(rows * outFeatures);
    getKernels().gemm(x, weight, out, rows, outFeatures, inFeatures, false, true, false);
    return out;
  },
  dynamic(a, b, batch, m, n, k, transB) {
    const out = new Float32Array(batch * m * n);
    getKernels().gemmBatched(a, b, out, batch, m, n, k, false, transB, false);
    return out;
  },
};
