import { type BinaryOp, getKernels } from "@trex/kernels";

// Same-shape elementwise loops routed to the kernels backend when they are large: the WASM kernel's SIMD
// lanes plus the copies into and out of its memory beat a JavaScript loop (~1.5 ns/element) from a few
// thousand elements on; below that the call overhead wins and the loop stays. Results are bit-identical.

const MIN_KERNEL_LENGTH = 2048;

/** out = a op b elementwise (equal lengths); out may alias a or b. */
export function binaryInto(op: BinaryOp, a: Float32Array, b: Float32Array, out: Float32Array): void {
  const n = a.length;
  if (n >= MIN_KERNEL_LENGTH) {
    getKernels().binary(op, a, b, out);
    return;
  }
  if (op === "add") for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
  else if (op === "sub") for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
  else if (op === "mul") for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
  else for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
}

/** out = x·s elementwise; out may alias x. */
export function scaleInto(x: Float32Array, s: number, out: Float32Array): void {
  if (x.length >= MIN_KERNEL_LENGTH) {
    getKernels().scale(x, s, out);
    return;
  }
  for (let i = 0; i < x.length; i++) out[i] = x[i] * s;
}
