import type { Kernels } from "../kernels.js";
import { tsKernels } from "../ts-kernels.js";
import { createWasmKernels } from "../wasm-kernels.js";

/** Every backend, so each conformance test runs once per backend. */
export const backends: readonly Kernels[] = [tsKernels, createWasmKernels()];
