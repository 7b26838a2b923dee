import type { Kernels } from "../kernels.js";
import { tsKernels } from "../ts-kernels.js";
import { compileKernelsModule, createWasmKernels, wasmVariantSupported } from "../wasm-kernels.js";

/**
 * Every backend, so each conformance test runs once per backend: the TypeScript one, the plain-SIMD WASM
 * build, and the relaxed-SIMD build where the runtime supports it (vitest.config.ts turns it on in Node 20).
 */
export const backends: readonly Kernels[] = [
  tsKernels,
  createWasmKernels(compileKernelsModule("simd")),
  ...(wasmVariantSupported("relaxed-simd") ? [createWasmKernels(compileKernelsModule("relaxed-simd"))] : []),
];
