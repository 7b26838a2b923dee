// Derives the flat op list of one inference from a TransformerSpec. Reuse, token pruning/merging and
// weight sharing show up here only through the spec's fields; no method is named.
import type { Component, ElementwiseOp, WorkloadOp, Workload } from "./ops.js";
import type { BlockSpec, EmbeddingSpec, TransformerSpec } from "./structure.js";
import { convOut } from "./structure.js";
import { validateSpec } from "./validate-spec.js";

function embeddingOps(e: EmbeddingSpec, tokens: number, dim: number): WorkloadOp[] {
  const ops: WorkloadOp[] = [];
  const tag = { block: null, component: "embed" as Component };
  if (e.kind === "token") {
    // Three table lookups (word, position, type) summed; the tables sit in buffers, not crossbars.
    ops.push({ ...tag, kind: "elementwise", fn: "gather", name: "lookup", n: 3 * tokens * dim });
    ops.push({ ...tag, kind: "elementwise", fn: "add", name: "sum", n: 2 * tokens * dim });
    if (e.layerNorm) ops.push({ ...tag, kind: "layernorm", name: "norm", tokens, dim });
    return ops;
  }
  let [h, w] = e.imageSize;
  let cin = e.inChannels;
  e.layers.forEach((l, j) => {
    h = convOut(h, l);
    w = convOut(w, l);
    const pixels = h * w;
    ops.push({ ...tag, kind: "static", name: `conv${j}`, in: l.kernel * l.kernel * cin, out: l.outChannels, tokens: pixels, weightGroup: `embed.conv${j}` });
    if (l.batchNorm) ops.push({ ...tag, kind: "elementwise", fn: "mul", name: `bn${j}`, n: 2 * pixels * l.outChannels });
    if (l.activation === "relu") ops.push({ ...tag, kind: "elementwise", fn: "relu", name: `relu${j}`, n: pixels * l.outChannels });
    cin = l.outChannels;
  });
  if (e.positional) ops.push({ ...tag, kind: "elementwise", fn: "add", name: "pos", n: tokens * dim });
  return ops;
}

function blockOps(b: BlockSpec, i: number): WorkloadOp[] {
  const ops: WorkloadOp[] = [];
  const group = b.weightGroup ?? `block${i}`;
  const t = b.tokensIn;
  const d = b.dim;
  const dh = d / b.heads;
  const att = { block: i, component: "attention" as Component };
  const ew = (component: Component, fn: ElementwiseOp["fn"], name: string, n: number): WorkloadOp => ({ block: i, component, kind: "elementwise", fn, name, n });
  if (b.attention.kind === "compute") {
    ops.push({ ...att, kind: "layernorm", name: "norm1", tokens: t, dim: d });
    ops.push({ ...att, kind: "static", name: "qkv", in: d, out: 3 * d, tokens: t, weightGroup: `${group}.qkv` });
    ops.push({ ...att, kind: "dynamic", name: "qk", m: t, k: dh, n: t, batch: b.heads, written: { rows: dh, cols: t } });
    ops.push({ ...att, kind: "softmax", name: "softmax", heads: b.heads, rows: t, cols: t });
    ops.push({ ...att, kind: "dynamic", name: "sv", m: t, k: t, n: dh, batch: b.heads, written: { rows: t, cols: dh } });
  } else {
    const tr = { block: i, component: "transform" as Component };
    b.attention.transform.layers.forEach((l, j) => {
      if (l.kind === "layernorm") ops.push({ ...tr, kind: "layernorm", name: `tb.norm${j}`, tokens: t, dim: l.dim });
      else if (l.kind === "linear") ops.push({ ...tr, kind: "static", name: `tb.linear${j}`, in: l.in, out: l.out, tokens: t, weightGroup: `block${i}.tb${j}` });
      else ops.push(ew("transform", "gelu", `tb.gelu${j}`, t * d));
    });
  }
  ops.push({ block: i, component: "projection", kind: "static", name: "proj", in: d, out: d, tokens: t, weightGroup: `${group}.proj` });
  ops.push(ew("other", "add", "residual1", t * d));
  const to = b.tokensOut;
  const mlp = { block: i, component: "mlp" as Component };
  ops.push({ ...mlp, kind: "layernorm", name: "norm2", tokens: to, dim: d });
  ops.push({ ...mlp, kind: "static", name: "fc1", in: d, out: b.mlpHidden, tokens: to, weightGroup: `${group}.fc1` });
  ops.push(ew("mlp", "gelu", "gelu", to * b.mlpHidden));
  ops.push({ ...mlp, kind: "static", name: "fc2", in: b.mlpHidden, out: d, tokens: to, weightGroup: `${group}.fc2` });
  ops.push(ew("other", "add", "residual2", to * d));
  for (const op of b.extraOps ?? []) ops.push({ ...op, block: i } as WorkloadOp);
  return ops;
}

/** The ops of one inference of `spec`, in dataflow order (validates the spec first). */
export function workloadFromSpec(spec: TransformerSpec): Workload {
  validateSpec(spec);
  const ops = embeddingOps(spec.embedding, spec.tokens, spec.dim);
  spec.blocks.forEach((b, i) => {
    ops.push(...blockOps(b, i));
  });
  const last = spec.blocks[spec.blocks.length - 1].tokensOut;
  const head = { block: null, component: "head" as Component };
  if (spec.finalNorm) ops.push({ ...head, kind: "layernorm", name: "norm", tokens: last, dim: spec.dim });
  for (const h of spec.heads) {
    ops.push({ ...head, kind: "static", name: h.name, in: h.in, out: h.out, tokens: h.tokens, weightGroup: `head.${h.name}` });
    if (h.activation === "tanh") ops.push({ ...head, kind: "elementwise", fn: "tanh", name: `${h.name}.tanh`, n: h.tokens * h.out });
    if (h.reduce === "max") ops.push({ ...head, kind: "elementwise", fn: "max", name: `${h.name}.max`, n: h.tokens * h.out });
  }
  return { ops };
}

/** Multiply-accumulates of an op (0 for digital ops): the basis of TOPS/W and TOPS/mm². */
export function opMacs(op: WorkloadOp): number {
  if (op.kind === "static") return op.tokens * op.in * op.out;
  if (op.kind === "dynamic") return op.batch * op.m * op.k * op.n;
  return 0;
}
