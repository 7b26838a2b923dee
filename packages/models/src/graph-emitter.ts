import type { Tensor } from "@trex/tensor";

// The seam for ONNX export without depending on onnx: modules describe their inference graph in the
// standard ONNX operator vocabulary (opset 17) against this interface; the ONNX package implements it
// with onnx-proto and owns the file format.

/** An ONNX node attribute, tagged with its ONNX type. */
export type GraphAttribute =
  | { readonly i: number }
  | { readonly f: number }
  | { readonly ints: readonly number[] }
  | { readonly floats: readonly number[] }
  | { readonly s: string };

/** Element type of a graph input or constant. */
export type GraphDtype = "float32" | "int64";

/** A symbolic or fixed dimension of a graph input ("batch", "sequence" or a number). */
export type GraphDim = number | string;

export interface GraphEmitter {
  /** Declares a graph input and returns its value name. */
  input(name: string, dtype: GraphDtype, shape: readonly GraphDim[]): string;
  /** Adds a trained tensor under its canonical name (e.g. "blocks.0.attn.qkv.weight"); returns the value name. */
  initializer(name: string, tensor: Tensor): string;
  /** Adds a small constant (shapes, axes, scales); `hint` is a readable prefix for the value name. */
  constant(hint: string, dtype: GraphDtype, shape: readonly number[], values: ArrayLike<number>): string;
  /**
   * Adds a node of ONNX op `type` and returns its output value names (`outputs` of them, default 1).
   * `name` is a scope-like node name for readability ("/blocks.0/attn/MatMul").
   */
  op(
    type: string,
    inputs: readonly string[],
    attributes?: Readonly<Record<string, GraphAttribute>>,
    options?: { outputs?: number; name?: string },
  ): string[];
  /** Marks a value as a graph output under `name`. */
  output(name: string, value: string): void;
}
