export type { BinaryOp, Kernels } from "./kernels.js";
export { tsKernels } from "./ts-kernels.js";
export {
  bestWasmVariant,
  compileKernelsModule,
  compileKernelsModuleAsync,
  createWasmKernels,
  createWasmKernelsAsync,
  type WasmKernels,
  type WasmVariant,
  wasmVariantSupported,
} from "./wasm-kernels.js";
export { getKernels, initKernels, setKernels } from "./backend.js";
export { KernelBackendError, KernelShapeError, KernelsError } from "./errors.js";
export { erf, erfc } from "./erf.js";
