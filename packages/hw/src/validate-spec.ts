// Checks a TransformerSpec (which may come from JSON or a plugin) before it is costed, so a bad spec
// fails with the field and the fix rather than as NaN energy.
import { HwSpecError } from "./errors.js";
import type { ExtraOp } from "./structure.js";
import { convEmbeddingTokens, type BlockSpec, type TransformerSpec } from "./structure.js";

function posInt(value: unknown, field: string): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new HwSpecError(`${field} must be a positive integer, got ${JSON.stringify(value)}`);
  }
}

function nonNegInt(value: unknown, field: string): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new HwSpecError(`${field} must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
}

function validateExtraOp(op: ExtraOp, field: string): void {
  const components = ["attention", "projection", "mlp", "transform", "embed", "head", "other"];
  if (!components.includes(op.component)) {
    throw new HwSpecError(`${field}.component must be one of ${components.join(", ")}, got ${JSON.stringify(op.component)}`);
  }
  switch (op.kind) {
    case "static":
      posInt(op.in, `${field}.in`);
      posInt(op.out, `${field}.out`);
      nonNegInt(op.tokens, `${field}.tokens`);
      if (typeof op.weightGroup !== "string" || op.weightGroup === "") {
        throw new HwSpecError(`${field}.weightGroup must be a non-empty string naming the op's crossbars`);
      }
      return;
    case "dynamic":
      for (const k of ["m", "k", "n", "batch"] as const) posInt(op[k], `${field}.${k}`);
      if (op.written?.rows !== op.k || op.written?.cols !== op.n) {
        throw new HwSpecError(`${field}.written must be the k × n operand ({rows: ${op.k}, cols: ${op.n}})`);
      }
      return;
    case "softmax":
      for (const k of ["heads", "rows", "cols"] as const) nonNegInt(op[k], `${field}.${k}`);
      return;
    case "layernorm":
      nonNegInt(op.tokens, `${field}.tokens`);
      posInt(op.dim, `${field}.dim`);
      return;
    case "elementwise":
      nonNegInt(op.n, `${field}.n`);
      return;
    default:
      throw new HwSpecError(
        `${field}.kind must be static, dynamic, softmax, layernorm or elementwise, got ${JSON.stringify((op as { kind: unknown }).kind)}`,
      );
  }
}

function validateBlock(b: BlockSpec, i: number, spec: TransformerSpec, prevTokens: number): void {
  const f = `blocks[${i}]`;
  posInt(b.dim, `${f}.dim`);
  posInt(b.heads, `${f}.heads`);
  posInt(b.mlpHidden, `${f}.mlpHidden`);
  posInt(b.tokensIn, `${f}.tokensIn`);
  posInt(b.tokensOut, `${f}.tokensOut`);
  if (b.dim % b.heads !== 0) throw new HwSpecError(`${f}.heads (${b.heads}) must divide ${f}.dim (${b.dim})`);
  if (b.tokensIn !== prevTokens) {
    throw new HwSpecError(
      `${f}.tokensIn (${b.tokensIn}) must equal the tokens the previous stage emits (${prevTokens}); set it to ${prevTokens}`,
    );
  }
  if (b.tokensOut > b.tokensIn) throw new HwSpecError(`${f}.tokensOut (${b.tokensOut}) must not exceed tokensIn (${b.tokensIn})`);
  const a = b.attention;
  if (a?.kind === "compute") {
    if (typeof a.qkvBias !== "boolean") throw new HwSpecError(`${f}.attention.qkvBias must be a boolean`);
  } else if (a?.kind === "reuse") {
    if (!Number.isInteger(a.source) || a.source < 0 || a.source >= i) {
      throw new HwSpecError(`${f}.attention.source must be an earlier block index in 0..${i - 1}, got ${JSON.stringify(a.source)}`);
    }
    if (spec.blocks[a.source].dim !== b.dim) {
      throw new HwSpecError(`${f}.attention.source block ${a.source} has dim ${spec.blocks[a.source].dim}, this block ${b.dim}; they must match`);
    }
    if (!Array.isArray(a.transform?.layers)) throw new HwSpecError(`${f}.attention.transform.layers must be an array`);
    a.transform.layers.forEach((l, j) => {
      const lf = `${f}.attention.transform.layers[${j}]`;
      if (l.kind === "linear") {
        posInt(l.in, `${lf}.in`);
        posInt(l.out, `${lf}.out`);
      } else if (l.kind === "layernorm") posInt(l.dim, `${lf}.dim`);
      else if (l.kind !== "gelu") throw new HwSpecError(`${lf}.kind must be layernorm, linear or gelu`);
    });
  } else {
    throw new HwSpecError(`${f}.attention.kind must be "compute" or "reuse"`);
  }
  if (b.weightGroup !== undefined && (typeof b.weightGroup !== "string" || b.weightGroup === "")) {
    throw new HwSpecError(`${f}.weightGroup must be a non-empty string (or omitted for unshared weights)`);
  }
  const extra = b.extraOps ?? [];
  for (let j = 0; j < extra.length; j++) validateExtraOp(extra[j], `${f}.extraOps[${j}]`);
}

/** Throws HwSpecError naming the first bad field of `spec`; returns it unchanged when valid. */
export function validateSpec(spec: TransformerSpec): TransformerSpec {
  if (spec === null || typeof spec !== "object") throw new HwSpecError("spec must be a TransformerSpec object");
  if (!["vit", "lvvit", "bert"].includes(spec.family)) {
    throw new HwSpecError(`family must be "vit", "lvvit" or "bert", got ${JSON.stringify(spec.family)}`);
  }
  posInt(spec.tokens, "tokens");
  posInt(spec.dim, "dim");
  const e = spec.embedding;
  if (e?.kind === "conv") {
    e.imageSize.forEach((s, j) => {
      posInt(s, `embedding.imageSize[${j}]`);
    });
    posInt(e.inChannels, "embedding.inChannels");
    if (e.layers.length === 0) throw new HwSpecError("embedding.layers must hold at least one conv layer");
    e.layers.forEach((l, j) => {
      for (const k of ["outChannels", "kernel", "stride"] as const) posInt(l[k], `embedding.layers[${j}].${k}`);
      nonNegInt(l.padding, `embedding.layers[${j}].padding`);
      if (l.activation !== "none" && l.activation !== "relu") {
        throw new HwSpecError(`embedding.layers[${j}].activation must be "none" or "relu", got ${JSON.stringify(l.activation)}`);
      }
    });
    if (e.layers[e.layers.length - 1].outChannels !== spec.dim) {
      throw new HwSpecError(`embedding.layers' last outChannels must equal dim (${spec.dim})`);
    }
    const t = convEmbeddingTokens(e);
    if (t !== spec.tokens) throw new HwSpecError(`tokens (${spec.tokens}) must equal the embedding's output tokens (${t})`);
  } else if (e?.kind === "token") {
    posInt(e.vocabSize, "embedding.vocabSize");
    posInt(e.maxPositions, "embedding.maxPositions");
    if (spec.tokens > e.maxPositions) {
      throw new HwSpecError(`tokens (${spec.tokens}) exceeds embedding.maxPositions (${e.maxPositions}); use a shorter sequence`);
    }
  } else {
    throw new HwSpecError('embedding.kind must be "conv" or "token"');
  }
  if (!Array.isArray(spec.blocks) || spec.blocks.length === 0) throw new HwSpecError("blocks must be a non-empty array");
  let tokens = spec.tokens;
  spec.blocks.forEach((b, i) => {
    validateBlock(b, i, spec, tokens);
    tokens = b.tokensOut;
  });
  if (typeof spec.finalNorm !== "boolean") throw new HwSpecError("finalNorm must be true or false");
  if (!Array.isArray(spec.heads)) throw new HwSpecError("heads must be an array (possibly empty)");
  spec.heads.forEach((h, j) => {
    posInt(h.in, `heads[${j}].in`);
    posInt(h.out, `heads[${j}].out`);
    posInt(h.tokens, `heads[${j}].tokens`);
    if (h.activation !== undefined && h.activation !== "none" && h.activation !== "tanh") {
      throw new HwSpecError(`heads[${j}].activation must be "none" or "tanh", got ${JSON.stringify(h.activation)}`);
    }
    if (h.reduce !== undefined && h.reduce !== "none" && h.reduce !== "max") {
      throw new HwSpecError(`heads[${j}].reduce must be "none" or "max", got ${JSON.stringify(h.reduce)}`);
    }
    if (h.tokens > tokens) throw new HwSpecError(`heads[${j}].tokens (${h.tokens}) exceeds the final token count (${tokens})`);
  });
  return spec;
}
