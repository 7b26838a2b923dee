// Derives the flat op list of one inference from a TransformerSpec. Reuse, token pruning/merging and
// weight sharing show up here only through the spec's fields; no method is named.
import type { Component, ElementwiseOp, Workload, WorkloadOp } from "./ops.js";
import type { BlockSpec, EmbeddingSpec, TransformerSpec } from "./structure.js";
import { convOut } from "./structure.js";
import { validateSpec } from "./validate-spec.js";

// Op constructors with one fixed property order per kind: object spreads here made every op a
// different hidden class and cost ~20x in the reuse search benchmark.
type Block = number | null;
function stat(block: Block, component: Component, name: string, inDim: number, out: number, tokens: number, weightGroup: string): WorkloadOp {
  return { kind: "static", block, component, name, in: inDim, out, tokens, weightGroup };
}
function dyn(block: Block, component: Component, name: string, m: number, k: number, n: number, batch: number): WorkloadOp {
  return { kind: "dynamic", block, component, name, m, k, n, batch, written: { rows: k, cols: n } };
}
function norm(block: Block, component: Component, name: string, tokens: number, dim: number): WorkloadOp {
  return { kind: "layernorm", block, component, name, tokens, dim };
}
function ew(block: Block, component: Component, fn: ElementwiseOp["fn"], name: string, n: number): WorkloadOp {
  return { kind: "elementwise", block, component, name, fn, n };
}

function embeddingOps(e: EmbeddingSpec, tokens: number, dim: number): WorkloadOp[] {
  const ops: WorkloadOp[] = [];
  if (e.kind === "token") {
    // Three table lookups (word, position, type) summed; the tables sit in buffers, not crossbars.
    ops.push(ew(null, "embed", "gather", "lookup", 3 * tokens * dim));
    ops.push(ew(null, "embed", "add", "sum", 2 * tokens * dim));
    if (e.layerNorm) ops.push(norm(null, "embed", "norm", tokens, dim));
    return ops;
  }
  let [h, w] = e.imageSize;
  let cin = e.inChannels;
  e.layers.forEach((l, j) => {
    h = convOut(h, l);
    w = convOut(w, l);
    const pixels = h * w;
    ops.push(stat(null, "embed", `conv${j}`, l.kernel * l.kernel * cin, l.outChannels, pixels, `embed.conv${j}`));
    if (l.batchNorm) ops.push(ew(null, "embed", "mul", `bn${j}`, 2 * pixels * l.outChannels));
    if (l.activation === "relu") ops.push(ew(null, "embed", "relu", `relu${j}`, pixels * l.outChannels));
    cin = l.outChannels;
  });
  if (e.positional) ops.push(ew(null, "embed", "add", "pos", tokens * dim));
  return ops;
}

function blockOps(ops: WorkloadOp[], b: BlockSpec, i: number): void {
  const group = b.weightGroup ?? `block${i}`;
  const t = b.tokensIn;
  const d = b.dim;
  const dh = d / b.heads;
  if (b.attention.kind === "compute") {
    ops.push(norm(i, "attention", "norm1", t, d));
    ops.push(stat(i, "attention", "qkv", d, 3 * d, t, `${group}.qkv`));
    ops.push(dyn(i, "attention", "qk", t, dh, t, b.heads));
    ops.push({ kind: "softmax", block: i, component: "attention", name: "softmax", heads: b.heads, rows: t, cols: t });
    ops.push(dyn(i, "attention", "sv", t, t, dh, b.heads));
  } else {
    const layers = b.attention.transform.layers;
    for (let j = 0; j < layers.length; j++) {
      const l = layers[j];
      if (l.kind === "layernorm") ops.push(norm(i, "transform", `tb.norm${j}`, t, l.dim));
      else if (l.kind === "linear") ops.push(stat(i, "transform", `tb.linear${j}`, l.in, l.out, t, `block${i}.tb${j}`));
      else ops.push(ew(i, "transform", "gelu", `tb.gelu${j}`, t * d));
    }
  }
  ops.push(stat(i, "projection", "proj", d, d, t, `${group}.proj`));
  ops.push(ew(i, "other", "add", "residual1", t * d));
  const to = b.tokensOut;
  ops.push(norm(i, "mlp", "norm2", to, d));
  ops.push(stat(i, "mlp", "fc1", d, b.mlpHidden, to, `${group}.fc1`));
  ops.push(ew(i, "mlp", "gelu", "gelu", to * b.mlpHidden));
  ops.push(stat(i, "mlp", "fc2", b.mlpHidden, d, to, `${group}.fc2`));
  ops.push(ew(i, "other", "add", "residual2", to * d));
  for (const op of b.extraOps ?? []) ops.push({ ...op, block: i } as WorkloadOp);
}

/** The ops of one inference of `spec`, in dataflow order (validates the spec first). */
export function workloadFromSpec(spec: TransformerSpec): Workload {
  validateSpec(spec);
  const ops = embeddingOps(spec.embedding, spec.tokens, spec.dim);
  spec.blocks.forEach((b, i) => {
    blockOps(ops, b, i);
  });
  const last = spec.blocks[spec.blocks.length - 1].tokensOut;
  if (spec.finalNorm) ops.push(norm(null, "head", "norm", last, spec.dim));
  for (const h of spec.heads) {
    ops.push(stat(null, "head", h.name, h.in, h.out, h.tokens, `head.${h.name}`));
    if (h.activation === "tanh") ops.push(ew(null, "head", "tanh", `${h.name}.tanh`, h.tokens * h.out));
    if (h.reduce === "max") ops.push(ew(null, "head", "max", `${h.name}.max`, h.tokens * h.out));
  }
  return { ops };
}

/** Multiply-accumulates of an op (0 for digital ops): the basis of TOPS/W and TOPS/mm². */
export function opMacs(op: WorkloadOp): number {
  if (op.kind === "static") return op.tokens * op.in * op.out;
  if (op.kind === "dynamic") return op.batch * op.m * op.k * op.n;
  return 0;
}
