import type { Kernels } from "./kernels.js";
import { tsKernels } from "./ts-kernels.js";
import { createWasmKernels, createWasmKernelsAsync } from "./wasm-kernels.js";

// The active backend. Callers ask getKernels() on each use (cheap), so setKernels/initKernels take effect
// everywhere at once.

let active: Kernels | null = null;

/**
 * The active kernels backend. On first use it tries to instantiate the WASM SIMD kernels synchronously —
 * which works in Node and in workers — and falls back to tsKernels where that fails (no WebAssembly SIMD,
 * or a browser's main thread, which refuses synchronous compiles: await initKernels() there first).
 */
export function getKernels(): Kernels {
  if (active === null) {
    try {
      active = createWasmKernels();
    } catch {
      active = tsKernels;
    }
  }
  return active;
}

/** Make `k` the active backend (e.g. tsKernels to debug, or a backend from createWasmKernels()). */
export function setKernels(k: Kernels): void {
  active = k;
}

/**
 * Compiles the WASM SIMD kernels asynchronously (allowed everywhere), makes them active and returns them;
 * resolves to tsKernels, also made active, if this runtime has no WebAssembly SIMD. Call once at start-up
 * in browsers; in Node, getKernels() alone already selects the WASM kernels.
 */
export async function initKernels(): Promise<Kernels> {
  try {
    active = await createWasmKernelsAsync();
  } catch {
    active = tsKernels;
  }
  return active;
}
