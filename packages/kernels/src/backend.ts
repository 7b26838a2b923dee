import type { Kernels } from "./kernels.js";
import { tsKernels } from "./ts-kernels.js";

// The active backend. Callers ask getKernels() on each use (cheap), so setKernels/initKernels take effect
// everywhere at once.

let active: Kernels | null = null;

/** The active kernels backend (the plain-TypeScript one until a faster one is set or initialised). */
export function getKernels(): Kernels {
  if (active === null) active = tsKernels;
  return active;
}

/** Make `k` the active backend (e.g. tsKernels to debug, or a backend returned by a factory). */
export function setKernels(k: Kernels): void {
  active = k;
}

/** Initialise the fastest backend this runtime supports, make it active and return it. */
export async function initKernels(): Promise<Kernels> {
  return getKernels();
}
