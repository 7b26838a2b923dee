// The typed operations a transformer's inference is made of, as the cost model sees them. They are plain,
// serializable records so method plugins can add their own (token predictors, mergers, per-layer
// transforms) through BlockSpec.extraOps without any code here knowing the plugin.

/** Which part of the model an op belongs to; the cost breakdown is reported per component. */
export type Component = "attention" | "projection" | "mlp" | "transform" | "embed" | "head" | "other";

/** Where an op sits: its block (0-based encoder index, null outside the encoders), component and a name. */
export interface OpTag {
  block: number | null;
  component: Component;
  /** Short human name, e.g. "qkv", "fc1", "qk", "softmax", "tb.linear". */
  name: string;
}

/**
 * A product with a static (trained) weight matrix mapped onto non-volatile crossbars: `tokens` input
 * vectors of length `in` each produce an output of length `out`. Convolutions are mapped im2col-style:
 * in = kernel² · inChannels, out = outChannels, tokens = output pixels.
 */
export interface StaticProductOp extends OpTag {
  kind: "static";
  in: number;
  out: number;
  tokens: number;
  /** Ops with the same key share crossbars (weight sharing): area counted once, reads counted every time. */
  weightGroup: string;
}

/**
 * A product of two run-time matrices, (m×k)·(k×n), repeated `batch` times (heads). The k×n operand is
 * written into crossbars for every input (`written` rows × cols per batch item, e.g. Kᵀ: d_h × t and
 * V: t × d_h), then the m rows of the other operand are read through it.
 */
export interface DynamicProductOp extends OpTag {
  kind: "dynamic";
  m: number;
  k: number;
  n: number;
  batch: number;
  written: { rows: number; cols: number };
}

/** Row-wise softmax over `heads` matrices of rows × cols scores, done by the digital softmax units. */
export interface SoftmaxOp extends OpTag {
  kind: "softmax";
  heads: number;
  rows: number;
  cols: number;
}

/** LayerNorm (or BatchNorm at inference) of `tokens` vectors of length `dim`, on the global norm unit. */
export interface LayerNormOp extends OpTag {
  kind: "layernorm";
  tokens: number;
  dim: number;
}

/** An element-wise digital op over `n` elements (GELU, residual add, ReLU, gather, max-pool, ...). */
export interface ElementwiseOp extends OpTag {
  kind: "elementwise";
  fn: "gelu" | "relu" | "tanh" | "add" | "mul" | "gather" | "max" | "sort" | "other";
  n: number;
}

export type WorkloadOp = StaticProductOp | DynamicProductOp | SoftmaxOp | LayerNormOp | ElementwiseOp;
export type WorkloadOpKind = WorkloadOp["kind"];

/** A flat, ordered list of ops (the order is the dataflow order of one inference). */
export interface Workload {
  ops: WorkloadOp[];
}
