import { KernelShapeError } from "./errors.js";

// Shared argument checks: both backends validate the same way, so a bad call fails identically whichever
// backend is active (and the WASM backend never reads or writes past a caller's array).

/** Throws unless every size is a non-negative integer. */
export function checkSizes(kernel: string, sizes: Record<string, number>): void {
  for (const [name, v] of Object.entries(sizes)) {
    if (!Number.isInteger(v) || v < 0) {
      throw new KernelShapeError(
        `${kernel}: ${name} = ${v} is not a non-negative integer; pass whole element counts.`,
      );
    }
  }
}

/** Throws unless `arr` holds at least `need` elements. */
export function checkLength(kernel: string, name: string, arr: Float32Array, need: number): void {
  if (arr.length < need) {
    throw new KernelShapeError(
      `${kernel}: ${name} has ${arr.length} elements but the given sizes need ${need}; ` +
        "check the sizes or allocate a larger buffer.",
    );
  }
}

/** Validates a (batched) GEMM call: a is batch·m·k, b is batch·k·n, out is batch·m·n. */
export function checkGemm(
  kernel: string,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  batch: number,
  m: number,
  n: number,
  k: number,
): void {
  checkSizes(kernel, { batch, m, n, k });
  checkLength(kernel, "a", a, batch * m * k);
  checkLength(kernel, "b", b, batch * k * n);
  checkLength(kernel, "out", out, batch * m * n);
}

/** Validates a rows×cols elementwise/row kernel call on x and out. */
export function checkRows(kernel: string, x: Float32Array, out: Float32Array, rows: number, cols: number): void {
  checkSizes(kernel, { rows, cols });
  checkLength(kernel, "x", x, rows * cols);
  checkLength(kernel, "out", out, rows * cols);
}

/** Validates an elementwise call: every array must have the length of the first. */
export function checkSameLength(kernel: string, arrays: Record<string, Float32Array>): void {
  const entries = Object.entries(arrays);
  const [firstName, first] = entries[0];
  for (const [name, arr] of entries.slice(1)) {
    if (arr.length !== first.length) {
      throw new KernelShapeError(
        `${kernel}: ${name} has ${arr.length} elements but ${firstName} has ${first.length}; ` +
          "elementwise kernels need arrays of equal length.",
      );
    }
  }
}
