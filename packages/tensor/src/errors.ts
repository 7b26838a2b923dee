/** Base class of every error thrown by @trex/tensor; catch this to handle any tensor failure. */
export class TensorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shapes that do not fit an op (mismatched, not broadcastable, wrong rank). The message names the shapes. */
export class ShapeError extends TensorError {}

/** An argument outside its allowed range (axis, probability, index, k, option value). */
export class ArgumentError extends TensorError {}

/** Misuse of the autograd graph (backward of a non-scalar without a gradient, backward twice, …). */
export class AutogradError extends TensorError {}

/** A saved parameter file that cannot be read: bad magic, truncated, corrupt header or checksum. */
export class SerializationError extends TensorError {}

/** Values that must be finite are NaN or ±Infinity (loaded weights, gradients being clipped). */
export class NonFiniteError extends TensorError {}

/** Formats a shape for messages, e.g. [2, 3, 4]. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
