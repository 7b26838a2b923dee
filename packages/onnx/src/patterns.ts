import type { GraphView, NodeRef, Use, Weight } from "./graph-view.js";
import { transpose2d } from "./graph-view.js";
import { decomposedLayerNorm } from "./layer-norm-decomposed.js";
import { attrFloat, attrInt, attrInts } from "./proto.js";

/** A Linear layer found in the graph: PyTorch-layout weight [out, in], optional bias, output value. */
export interface LinearMatch {
  weight: Weight;
  bias: Weight | null;
  output: string;
  node: NodeRef;
}

/**
 * Linear layers reading `x`: MatMul(x, Wᵀ) [+ Add(b, ·)] with Wᵀ folded or Transpose'd, or
 * Gemm(x, W, b) with transB (alpha = beta = 1, no transA).
 */
export function linearsFrom(g: GraphView, x: string): LinearMatch[] {
  const found: LinearMatch[] = [];
  for (const u of g.uses(x)) {
    if (u.slot !== 0) continue;
    if (u.node.opType === "MatMul") {
      const weight = g.matmulWeight(g.in(u, 1));
      if (!weight) continue;
      let output = g.out(u);
      let bias: Weight | null = null;
      const adds = g.uses(output, "Add");
      for (const a of adds) {
        const b = g.initializer(g.other(a));
        if (b && b.shape.length === 1 && b.shape[0] === weight.shape[0]) {
          bias = b;
          output = g.out(a);
          break;
        }
      }
      found.push({ weight, bias, output, node: u });
    } else if (u.node.opType === "Gemm") {
      if (attrInt(u.node, "transA", 0) !== 0 || attrFloat(u.node, "alpha", 1) !== 1 || attrFloat(u.node, "beta", 1) !== 1) {
        throw g.fail("Gemm with transA or alpha/beta ≠ 1 is not a plain Linear layer", u);
      }
      const w = g.initializer(g.in(u, 1));
      if (w?.shape.length !== 2) throw g.fail("Gemm weight is not a 2-D initializer", u);
      const weight = attrInt(u.node, "transB", 0) === 1 ? w : { ...w, data: transpose2d(w.data, w.shape), shape: [w.shape[1], w.shape[0]] };
      const bName = g.in(u, 2);
      const bias = bName ? g.initializer(bName) : null;
      if (bias && (bias.shape.length !== 1 || bias.shape[0] !== weight.shape[0])) {
        throw g.fail(`Gemm bias has shape ${JSON.stringify(bias.shape)}, expected [${weight.shape[0]}]`, u);
      }
      found.push({ weight, bias, output: g.out(u), node: u });
    }
  }
  return found;
}

/** Exactly one Linear reading `x`, with an error naming `what` otherwise. */
export function linearFrom(g: GraphView, x: string, what: string, inFeatures?: number): LinearMatch {
  const l = linearsFrom(g, x);
  if (l.length !== 1) {
    const seen = g.uses(x).map((u) => u.node.opType).join(", ") || "nothing";
    throw g.fail(`${what}: expected one Linear (MatMul/Gemm with a weight initializer) reading "${x}", found ${l.length} (consumers: ${seen})`, g.producer(x) ?? x);
  }
  if (inFeatures !== undefined && l[0].weight.shape[1] !== inFeatures) {
    throw g.fail(`${what}: weight is [${l[0].weight.shape}] but its input has ${inFeatures} features`, l[0].node);
  }
  return l[0];
}

/** A LayerNormalization over the last axis with its gain, bias and epsilon (read from the node). */
export interface NormMatch {
  weight: Weight;
  bias: Weight;
  eps: number;
  output: string;
  node: NodeRef;
}

export function layerNormAt(g: GraphView, u: Use, dim: number, what: string): NormMatch {
  if (u.node.opType !== "LayerNormalization") throw g.fail(`${what}: expected LayerNormalization, found ${u.node.opType}`, u);
  const axis = attrInt(u.node, "axis", -1);
  if (axis !== -1 && axis !== 2) throw g.fail(`${what}: LayerNormalization over axis ${axis}; only the last (feature) axis is supported`, u);
  const weight = g.initializer(g.in(u, 1));
  const bias = g.initializer(g.in(u, 2));
  if (!weight || !bias || weight.shape.join() !== `${dim}` || bias.shape.join() !== `${dim}`) {
    throw g.fail(`${what}: LayerNormalization needs a gain and bias initializer of shape [${dim}]`, u);
  }
  return { weight, bias, eps: shortestFloat32(attrFloat(u.node, "epsilon", 1e-5)), output: g.out(u), node: u };
}

/**
 * The shortest decimal that rounds to the same float32 (ONNX stores attributes as float32: 1e-6 arrives
 * as 9.99999997e-07); gives back the value the exporter was written with.
 */
export function shortestFloat32(v: number): number {
  const f = Math.fround(v);
  for (let p = 1; p <= 9; p++) {
    const d = Number(f.toPrecision(p));
    if (Math.fround(d) === f) return d;
  }
  return f;
}

/** The single LayerNormalization reading `x`. */
export function layerNormFrom(g: GraphView, x: string, dim: number, what: string): NormMatch {
  if (g.uses(x, "LayerNormalization").length === 0) {
    // Opset ≤ 16 exports spell LayerNorm out op by op.
    const d = decomposedLayerNorm(g, x, what);
    if (d) {
      const weight = g.initializer(d.gain);
      const bias = g.initializer(d.bias);
      if (weight?.shape.join() !== `${dim}` || bias?.shape.join() !== `${dim}`) {
        throw g.fail(`${what}: decomposed LayerNorm needs a gain and bias initializer of shape [${dim}]`, d.node);
      }
      return { weight, bias, eps: shortestFloat32(d.eps), output: d.output, node: d.node };
    }
  }
  return layerNormAt(g, g.use(x, "LayerNormalization", what), dim, what);
}

/**
 * Follows Mul/Div by scalar constants from `x` (the only data consumer each time), returning where the
 * chain ends and the product of the factors (Div by c counts as 1/c).
 */
export function followScalars(g: GraphView, x: string): { output: string; factor: number; nodes: Use[] } {
  let output = x;
  let factor = 1;
  const nodes: Use[] = [];
  for (;;) {
    const us = g.uses(output);
    if (us.length !== 1) break;
    const u = us[0];
    const op = u.node.opType;
    if (op !== "Mul" && op !== "Div") break;
    const c = g.scalar(g.other(u));
    if (c === null || (op === "Div" && u.slot !== 0)) break;
    factor *= op === "Mul" ? c : 1 / c;
    nodes.push(u);
    output = g.out(u);
  }
  return { output, factor, nodes };
}

/** Exact (erf) GELU from `x`: Div(x, √2)|Mul(x, 1/√2) → Erf → Add(1) → Mul(x, ·) and Mul(0.5); or a Gelu node. */
export function geluFrom(g: GraphView, x: string, what: string): string {
  const direct = g.uses(x, "Gelu");
  if (direct.length === 1) {
    const approx = (direct[0].node.attribute ?? []).find((a) => a.name === "approximate");
    if (approx?.s && new TextDecoder().decode(approx.s) !== "none") throw g.fail(`${what}: tanh-approximate GELU is not supported (the models use exact GELU)`, direct[0]);
    return g.out(direct[0]);
  }
  const tanh = g.uses(x, "Pow").length > 0;
  if (tanh) throw g.fail(`${what}: found the tanh-approximate GELU pattern; only the exact (Erf) GELU is supported`, g.producer(x) ?? x);
  const pre = g.uses(x).find((u) => (u.node.opType === "Div" || u.node.opType === "Mul") && u.slot === 0 && g.uses(g.out(u), "Erf").length === 1);
  if (!pre) throw g.fail(`${what}: expected the exact GELU (Div by √2 → Erf) after "${x}"`, g.producer(x) ?? x);
  const c = g.scalar(g.other(pre)) ?? Number.NaN;
  const inv = pre.node.opType === "Div" ? 1 / c : c;
  if (Math.abs(inv - Math.SQRT1_2) > 1e-6) throw g.fail(`${what}: GELU scales by ${inv} before Erf, expected 1/√2`, pre);
  const erf = g.use(g.out(pre), "Erf", what);
  const plus = g.use(g.out(erf), "Add", what);
  if (g.scalar(g.other(plus)) !== 1) throw g.fail(`${what}: GELU adds ${g.scalar(g.other(plus))} after Erf, expected 1`, plus);
  // The two remaining Muls (by x and by 0.5) come in either order.
  let cur = g.out(plus);
  let sawX = false;
  let sawHalf = false;
  for (let i = 0; i < 2; i++) {
    const m = g.use(cur, "Mul", `${what} (GELU)`);
    const o = g.other(m);
    if (o === x) sawX = true;
    else if (g.scalar(o) === 0.5) sawHalf = true;
    else throw g.fail(`${what}: GELU multiplies by "${o}", expected the input or 0.5`, m);
    cur = g.out(m);
  }
  // x·0.5 may also be computed first and then multiplied by (1 + erf).
  if (!sawX || !sawHalf) throw g.fail(`${what}: incomplete GELU pattern after Erf`, erf);
  return cur;
}

/** Follows a run of Transpose nodes (the only data consumer each time), returning the end and the perms. */
function followTransposes(g: GraphView, x: string): { output: string; perms: number[][] } {
  let output = x;
  const perms: number[][] = [];
  for (;;) {
    const us = g.uses(output);
    if (us.length !== 1 || us[0].node.opType !== "Transpose") break;
    perms.push(attrInts(us[0].node, "perm") ?? []);
    output = g.out(us[0]);
  }
  return { output, perms };
}

/** The core of scaled dot-product attention found between head-split q, k, v and the merged output. */
export interface AttentionCore {
  /** The product of every scalar factor applied to q, k and the scores. */
  scale: number;
  /** Whether an additive mask is added to the scores before Softmax. */
  masked: boolean;
  /** Value with the heads merged back to [batch, tokens, dim] (input of the output projection). */
  merged: string;
}

/**
 * From per-head q, k, v ([B, H, N, hd], k possibly still untransposed) to the merged output:
 * (q·s) @ (kᵀ·s') → (·s'') [+ mask] → Softmax(-1) → @ v → Transpose(0,2,1,3) → Reshape.
 */
export function attentionCore(g: GraphView, q: string, k: string, v: string, what: string): AttentionCore {
  const qs = followScalars(g, followTransposes(g, q).output);
  const kt = followTransposes(g, k);
  const ks = followScalars(g, kt.output);
  const kt2 = followTransposes(g, ks.output);
  const perms = [...kt.perms, ...kt2.perms];
  const swapsLast = perms.some((p) => (p.length === 4 && p[2] === 3 && p[3] === 2) || (p.length === 4 && p.join() === "0,2,3,1"));
  if (!swapsLast) throw g.fail(`${what}: k is not transposed (last two axes) before q @ kᵀ`, g.producer(k) ?? k);
  const qk = g.use(qs.output, "MatMul", `${what} (q @ kᵀ)`);
  if (qk.slot !== 0 || g.in(qk, 1) !== kt2.output) throw g.fail(`${what}: the scores MatMul does not multiply q by kᵀ`, qk);
  const post = followScalars(g, g.out(qk));
  let scores = post.output;
  let masked = false;
  const addMask = g.uses(scores, "Add");
  if (addMask.length === 1) {
    masked = true;
    scores = g.out(addMask[0]);
  }
  const post2 = followScalars(g, scores);
  const sm = g.use(post2.output, "Softmax", `${what} (softmax)`);
  const axis = attrInt(sm.node, "axis", -1);
  if (axis !== -1 && axis !== 3) throw g.fail(`${what}: Softmax over axis ${axis}, expected the last axis`, sm);
  const av = g.use(g.out(sm), "MatMul", `${what} (attn @ v)`);
  const vt = followTransposes(g, v);
  if (av.slot !== 0 || g.in(av, 1) !== vt.output) throw g.fail(`${what}: the second MatMul does not multiply the attention by v`, av);
  const tr = g.use(g.out(av), "Transpose", `${what} (merge heads)`);
  if ((attrInts(tr.node, "perm") ?? []).join() !== "0,2,1,3") throw g.fail(`${what}: heads are merged with perm ${attrInts(tr.node, "perm")}, expected [0,2,1,3]`, tr);
  const rs = g.use(g.out(tr), "Reshape", `${what} (merge heads)`);
  return { scale: qs.factor * ks.factor * post.factor * post2.factor, masked, merged: g.out(rs) };
}

/** Checks the attention scale against head_dim^-1/2 (our models use the standard scale). */
export function checkScale(g: GraphView, scale: number, headDim: number, at: NodeRef | string, what: string): void {
  const expected = 1 / Math.sqrt(headDim);
  if (Math.abs(scale - expected) > 1e-6 * expected) {
    throw g.fail(`${what}: attention scale is ${scale}, expected head_dim^-1/2 = ${expected} for head_dim ${headDim}`, at);
  }
}

/** The [heads, head_dim] of a head-split Reshape target read from its constants (…, heads, head_dim). */
export function headsFromReshape(g: GraphView, r: Use, dim: number, what: string): { heads: number; headDim: number } {
  const shape = g.shapeVector(g.in(r, 1));
  const known = (shape ?? []).filter((x): x is number => x !== null && x > 0);
  const hd = known.at(-1);
  const h = known.at(-2);
  if (hd === undefined || h === undefined || h * hd !== dim) {
    throw g.fail(`${what}: cannot read heads and head_dim from the Reshape target ${JSON.stringify(shape)} (need …, heads, head_dim with heads·head_dim = ${dim})`, r);
  }
  return { heads: h, headDim: hd };
}
