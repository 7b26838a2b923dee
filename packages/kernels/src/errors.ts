/** Base class of every error thrown by @trex/kernels; catch this to handle any kernel failure. */
export class KernelsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A kernel was called with sizes that do not match its buffers (or are not non-negative integers). */
export class KernelShapeError extends KernelsError {}

/** A backend could not be created or used (e.g. no WebAssembly SIMD in this runtime). */
export class KernelBackendError extends KernelsError {}
