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

/**
 * Validates a permute call; returns, per output axis, its length and the input stride (elements). `perm`
 * must be a permutation of the axes of `shape`.
 */
export function checkPermute(
  x: Float32Array,
  out: Float32Array,
  shape: readonly number[],
  perm: readonly number[],
): { dims: number[]; strides: number[]; size: number } {
  const n = shape.length;
  const sizes: Record<string, number> = {};
  shape.forEach((d, i) => {
    sizes[`shape[${i}]`] = d;
  });
  checkSizes("permute", sizes);
  const seen = new Set(perm);
  if (perm.length !== n || seen.size !== n || perm.some((p) => !Number.isInteger(p) || p < 0 || p >= n)) {
    throw new KernelShapeError(
      `permute: [${perm.join(", ")}] is not a permutation of the ${n} axes of [${shape.join(", ")}]; ` +
        "list every axis 0..ndim-1 exactly once.",
    );
  }
  const inStrides = new Array<number>(n);
  let size = 1;
  for (let i = n - 1; i >= 0; i--) {
    inStrides[i] = size;
    size *= shape[i];
  }
  checkLength("permute", "x", x, size);
  checkLength("permute", "out", out, size);
  return { dims: perm.map((p) => shape[p]), strides: perm.map((p) => inStrides[p]), size };
}
