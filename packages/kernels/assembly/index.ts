// Entry point of the kernels WebAssembly module. All arguments are byte offsets into linear memory and
// element counts; the TypeScript wrapper (src/wasm-kernels.ts) lays operands out above heapBase().
export { gemm, gemmBatched, gemmWorkspaceBytes } from "./gemm";

/** 1 when this build uses relaxed SIMD (fused multiply-add in the GEMM micro-kernel), else 0. */
export function relaxedSimd(): bool {
  return ASC_FEATURE_RELAXED_SIMD;
}

/** First free byte of linear memory: the wrapper's arena starts here. */
export function heapBase(): usize {
  return __heap_base;
}
export { gelu, geluBackward } from "./gelu";
export { layerNormRows, softmaxRows, sumRows } from "./rows";
export { layerNormBackwardRows, layerNormBackwardWorkspaceBytes, softmaxBackwardRows } from "./rows-backward";
export { permute } from "./permute";
export { binary, scale } from "./elementwise";
