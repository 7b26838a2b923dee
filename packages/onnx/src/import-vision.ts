import { Collector } from "./collector.js";
import type { GraphView, NodeRef, Use, Weight } from "./graph-view.js";
import {
  type LinearMatch,
  attentionCore,
  checkScale,
  followScalars,
  geluFrom,
  headsFromReshape,
  layerNormFrom,
  linearFrom,
  linearsFrom,
} from "./patterns.js";
import { attrFloat, attrInt, attrInts } from "./proto.js";
import type { LvvitConfig, VitConfig } from "@trex/models";
import type { ImportedModel, OnnxFamily } from "./types.js";

// A folded MatMul weight is an [in, out] initializer; an unfolded one is Transpose(initializer).
function folded(g: GraphView, l: LinearMatch): boolean {
  return l.node.node.opType === "MatMul" && g.initializer(g.in(l.node, 1)) !== null;
}

function convAt(g: GraphView, u: Use, what: string) {
  const w = g.initializer(g.in(u, 1));
  if (w?.shape.length !== 4) throw g.fail(`${what}: Conv weight is not a 4-D initializer`, u);
  const bName = g.in(u, 2);
  const b = bName ? g.initializer(bName) : null;
  const k = attrInts(u.node, "kernel_shape") ?? w.shape.slice(2);
  const s = attrInts(u.node, "strides") ?? [1, 1];
  const p = attrInts(u.node, "pads") ?? [0, 0, 0, 0];
  if (k[0] !== k[1] || s[0] !== s[1] || new Set(p).size > 1 || attrInt(u.node, "group", 1) !== 1) {
    throw g.fail(`${what}: only square, symmetric, ungrouped convolutions are supported (kernel ${k}, strides ${s}, pads ${p})`, u);
  }
  const dil = attrInts(u.node, "dilations") ?? [1, 1];
  if (dil.some((d) => d !== 1)) throw g.fail(`${what}: dilated convolutions are not supported`, u);
  return { w, b, kernel: k[0], stride: s[0], padding: p[0], output: g.out(u) };
}

/** An unfused BatchNormalization (exports with TrainingMode.PRESERVE, or our own exporter). */
function addBatchNorm(g: GraphView, c: Collector, prefix: string, u: Use, ch: number, convBias: Weight | null): void {
  const eps = attrFloat(u.node, "epsilon", 1e-5);
  if (Math.abs(eps - IDENTITY_BN_EPS) > 1e-9) throw g.fail(`${prefix}: BatchNormalization epsilon ${eps}; the models use ${IDENTITY_BN_EPS}`, u);
  const parts = ["weight", "bias", "running_mean", "running_var"].map((name, k) => {
    const w = g.initializer(g.in(u, k + 1));
    if (!w || w.shape.join() !== `${ch}`) throw g.fail(`${prefix}: BatchNormalization input ${k + 1} is not a [${ch}] initializer`, u);
    return [name, w] as const;
  });
  for (const [name, w] of parts) {
    // A conv bias before BN is the same as a running mean lowered by it.
    if (name === "running_mean" && convBias) {
      const data = w.data.map((m, j) => m - convBias.data[j]);
      c.add(`${prefix}.${name}`, { ...w, data });
    } else c.add(`${prefix}.${name}`, w);
  }
}

/** Follows Reshape/Flatten then Transpose(0,2,1): [B, D, h, w] → [B, h·w, D]. */
function tokensFromConv(g: GraphView, x: string): string {
  const us = g.uses(x);
  const flat = us.find((u) => u.node.opType === "Reshape" || u.node.opType === "Flatten");
  if (!flat || us.length !== 1) throw g.fail("patch embedding: expected the projection output to be flattened (Reshape/Flatten)", g.producer(x) ?? x);
  const tr = g.use(g.out(flat), "Transpose", "patch embedding");
  if ((attrInts(tr.node, "perm") ?? []).join() !== "0,2,1") throw g.fail("patch embedding: tokens are not transposed to [batch, tokens, dim]", tr);
  return g.out(tr);
}

/** A prefix token: Concat input traced back through Expand (and Tile/Identity) to an initializer [1, 1, D]. */
function prefixToken(g: GraphView, name: string, dim: number, at: NodeRef) {
  let cur = name;
  for (let i = 0; i < 4; i++) {
    const init = g.initializer(cur);
    if (init) {
      if (init.shape.join() !== `1,1,${dim}`) throw g.fail(`prefix token has shape [${init.shape}], expected [1,1,${dim}]`, at);
      return init;
    }
    const p = g.producer(cur);
    if (!p || !["Expand", "Tile", "Identity"].includes(p.node.opType ?? "")) break;
    cur = g.in(p, 0);
  }
  throw g.fail(`token concat: input "${name}" is neither the patch tokens nor an expanded [1,1,${dim}] token`, at);
}

/** Imports a timm DeiT / DeiT-distilled or TokenLabeling LV-ViT graph starting from its image input. */
export function importVision(g: GraphView, input: string, imageSize: number, inChans: number): ImportedModel {
  const c = new Collector();
  // Stem: Conv(+Relu) repeated, ending in the patch projection Conv (no Relu after it).
  const stem: { kernel: number; stride: number; padding: number; channels: number }[] = [];
  let cur = input;
  let conv = convAt(g, g.use(cur, "Conv", "patch embedding"), "patch embedding");
  for (;;) {
    const bnNode = g.uses(conv.output, "BatchNormalization");
    const afterConv = bnNode.length === 1 ? g.out(bnNode[0]) : conv.output;
    const relu = g.uses(afterConv, "Relu");
    if (relu.length === 0) break;
    const i = stem.length + 1;
    c.add(`patch_embed.conv${i}.weight`, conv.w);
    stem.push({ kernel: conv.kernel, stride: conv.stride, padding: conv.padding, channels: conv.w.shape[0] });
    const ch = conv.w.shape[0];
    const vec = (v: number, source: string) => ({ data: new Float32Array(ch).fill(v), shape: [ch], source });
    if (bnNode.length === 1) {
      addBatchNorm(g, c, `patch_embed.bn${i}`, bnNode[0], ch, conv.b);
    } else {
      // Eval-mode export folds BatchNorm into the conv: keep the folded conv and write an identity BN
      // whose bias is the folded bias (the stem convs have no bias of their own).
      c.add(`patch_embed.bn${i}.weight`, vec(1, conv.w.source), "bn-identity");
      c.add(`patch_embed.bn${i}.bias`, conv.b ?? vec(0, "(none)"), "bn-identity");
      c.add(`patch_embed.bn${i}.running_mean`, vec(0, conv.w.source), "bn-identity");
      c.add(`patch_embed.bn${i}.running_var`, vec(IDENTITY_VAR, conv.w.source), "bn-identity");
    }
    cur = g.out(relu[0]);
    conv = convAt(g, g.use(cur, "Conv", `stem conv ${i + 1}`), `stem conv ${i + 1}`);
  }
  if (conv.padding !== 0 || conv.kernel !== conv.stride) {
    throw g.fail(`patch projection: kernel ${conv.kernel}, stride ${conv.stride}, padding ${conv.padding}; expected kernel = stride, no padding`, g.producer(conv.output));
  }
  c.add("patch_embed.proj.weight", conv.w);
  if (!conv.b) throw g.fail("patch projection has no bias", g.producer(conv.output));
  c.add("patch_embed.proj.bias", conv.b);
  const dim = conv.w.shape[0];
  const stemStride = stem.reduce((a, s) => a * s.stride, 1);
  const patchSize = conv.stride * stemStride;
  const tokens = tokensFromConv(g, conv.output);

  // Prefix tokens: Concat on axis 1 with the patch tokens last.
  const cat = g.use(tokens, "Concat", "token concat");
  if (attrInt(cat.node, "axis", 0) !== 1 || cat.slot !== (cat.node.input ?? []).length - 1) {
    throw g.fail("token concat: expected Concat(axis=1) with the patch tokens last", cat);
  }
  const prefix = (cat.node.input ?? []).slice(0, -1).map((n) => prefixToken(g, n, dim, cat));
  if (prefix.length < 1 || prefix.length > 2) throw g.fail(`token concat: ${prefix.length} prefix tokens; supported are 1 (cls) or 2 (cls, dist)`, cat);
  c.add("cls_token", prefix[0]);
  if (prefix[1]) c.add("dist_token", prefix[1]);
  const numPatches = (imageSize / patchSize) ** 2;
  const numTokens = numPatches + prefix.length;
  const posAdd = g.use(g.out(cat), "Add", "position embedding");
  const pos = g.initializer(g.other(posAdd));
  if (!pos || pos.shape.join() !== `1,${numTokens},${dim}`) throw g.fail(`position embedding: expected an initializer [1,${numTokens},${dim}] added to the tokens`, posAdd);
  c.add("pos_embed", pos);

  let stream = g.out(posAdd);
  let depth = 0;
  let heads = 0;
  let hidden = 0;
  let eps = Number.NaN;
  let qkvBias = false;
  let skipLam = 1;
  for (;;) {
    const norm = layerNormFrom(g, stream, dim, depth === 0 ? "block 0 norm1" : `block ${depth} norm1 or final norm`);
    if (linearsFrom(g, norm.output).length === 0) {
      eps = Number.isNaN(eps) ? norm.eps : eps;
      c.norm("norm", norm);
      stream = norm.output;
      break;
    }
    const p = `blocks.${depth}`;
    const what = `block ${depth}`;
    if (!Number.isNaN(eps) && Math.abs(norm.eps - eps) > 1e-12) throw g.fail(`${what}: LayerNorm eps ${norm.eps} differs from ${eps} in earlier layers`, norm.node);
    eps = norm.eps;
    c.norm(`${p}.norm1`, norm);
    const qkv = linearFrom(g, norm.output, `${what} qkv`, dim);
    if (qkv.weight.shape[0] !== 3 * dim) throw g.fail(`${what} qkv: weight [${qkv.weight.shape}], expected [${3 * dim},${dim}]`, qkv.node);
    c.linear(`${p}.attn.qkv`, qkv, folded(g, qkv));
    qkvBias = qkv.bias !== null;
    const attn = fusedAttention(g, qkv.output, dim, what);
    heads = attn.heads;
    const proj = linearFrom(g, attn.merged, `${what} attn.proj`, dim);
    c.linear(`${p}.attn.proj`, proj, folded(g, proj));
    const b1 = followScalars(g, proj.output);
    const mid = residual(g, stream, b1.output, `${what} attention residual`);
    const norm2 = layerNormFrom(g, mid, dim, `${what} norm2`);
    c.norm(`${p}.norm2`, norm2);
    const fc1 = linearFrom(g, norm2.output, `${what} mlp.fc1`, dim);
    c.linear(`${p}.mlp.fc1`, fc1, folded(g, fc1));
    hidden = fc1.weight.shape[0];
    const act = geluFrom(g, fc1.output, `${what} mlp`);
    const fc2 = linearFrom(g, act, `${what} mlp.fc2`, hidden);
    c.linear(`${p}.mlp.fc2`, fc2, folded(g, fc2));
    const b2 = followScalars(g, fc2.output);
    if (Math.abs(b1.factor - b2.factor) > 1e-7) throw g.fail(`${what}: the two residual branches are scaled differently (${b1.factor}, ${b2.factor})`, fc2.node);
    skipLam = 1 / b1.factor;
    stream = residual(g, mid, b2.output, `${what} MLP residual`);
    depth++;
  }

  // Heads: Gather(axis=1, index) of the normed tokens → Gemm; LV-ViT adds an aux head over tokens 1..N.
  const gathers = g.uses(stream, "Gather").filter((u) => u.slot === 0 && attrInt(u.node, "axis", 0) === 1);
  const byIndex = new Map<number, LinearMatch>();
  for (const u of gathers) {
    const idx = g.scalar(g.in(u, 1));
    if (idx === null) throw g.fail("classifier: token Gather with a non-constant index", u);
    byIndex.set(idx, linearFrom(g, g.out(u), `classifier on token ${idx}`, dim));
  }
  const head = byIndex.get(0);
  if (!head) throw g.fail("classifier: no Linear on token 0 (class token) after the final norm", g.producer(stream) ?? stream);
  c.linear("head", head, false);
  const numClasses = head.weight.shape[0];
  let family: OnnxFamily = stem.length > 0 ? "lvvit" : "vit";
  let logits = head.output;
  let auxHeadWeight: number | undefined;
  if (prefix.length === 2) {
    const dist = byIndex.get(1);
    if (!dist) throw g.fail("distilled model: no Linear on token 1 (distillation token)", g.producer(stream) ?? stream);
    c.linear("head_dist", dist, false);
    family = "vit-distilled";
    const add = g.use(head.output, "Add", "distilled output");
    if (g.other(add) !== dist.output) throw g.fail("distilled output: expected head(cls) + head_dist(dist)", add);
    const avg = followScalars(g, g.out(add));
    if (Math.abs(avg.factor - 0.5) > 1e-7) throw g.fail(`distilled output: (head + head_dist) scaled by ${avg.factor}, expected 1/2`, add);
    logits = avg.output;
  }
  const slices = g.uses(stream, "Slice");
  if (slices.length > 0) {
    const sl = slices[0];
    const starts = g.constant(g.in(sl, 1));
    const axes = g.constant(g.in(sl, 3));
    if (starts?.[0] !== 1 || (axes && axes[0] !== 1)) throw g.fail("aux head: expected tokens[:, 1:]", sl);
    const aux = linearFrom(g, g.out(sl), "aux_head", dim);
    c.linear("aux_head", aux, folded(g, aux));
    const mx = g.use(aux.output, "ReduceMax", "aux head max");
    const axesMax = attrInts(mx.node, "axes") ?? g.constant(g.in(mx, 1));
    if (axesMax?.join() !== "1" || attrInt(mx.node, "keepdims", 1) !== 0) throw g.fail("aux head: expected max over the token axis without keepdims", mx);
    const w = followScalars(g, g.out(mx));
    const add = g.use(w.output, "Add", "aux head sum");
    if (g.other(add) !== head.output) throw g.fail("aux head: its scaled max is not added to head(cls)", add);
    auxHeadWeight = w.factor;
    family = "lvvit";
    logits = g.out(add);
  }
  const outputs = (g.graph.output ?? []).map((o) => o.name ?? "");
  if (!g.isGraphOutput(logits)) throw g.fail(`classifier: the computed logits "${logits}" are not a graph output (outputs: ${outputs.join(", ")}); extra ops follow the heads`, g.producer(logits) ?? logits);

  const common = {
    name: `onnx:${family}`,
    imageSize,
    patchSize,
    inChannels: inChans,
    numClasses,
    dim,
    depth,
    heads,
    mlpRatio: mlpRatioFor(dim, hidden),
    qkvBias,
    eps,
    seed: 0,
  };
  let config: VitConfig | LvvitConfig;
  if (family === "lvvit") {
    checkLvvitStem(g, stem, conv.stride, patchSize, conv.output);
    config = { family: "lvvit", ...common, skipLam, stemChannels: stem[0].channels, auxWeight: auxHeadWeight ?? 0 };
    if (auxHeadWeight === undefined) throw g.fail("LV-ViT: no aux head (tokens[:, 1:] → Linear → max) found", g.producer(stream) ?? stream);
  } else {
    if (skipLam !== 1) throw g.fail(`DeiT graph with residual branches scaled by 1/${skipLam}; only LV-ViT scales them`, g.producer(stream) ?? stream);
    config = { family: "vit", ...common, distilled: family === "vit-distilled" };
  }
  return { family, config, named: c.named, matches: c.matches, inputs: [{ role: "pixel_values", name: input }], output: logits };
}

/** timm's MLP hidden is floor(dim · mlpRatio): pick the ratio that reproduces `hidden` exactly. */
function mlpRatioFor(dim: number, hidden: number): number {
  const r = hidden / dim;
  if (Math.floor(dim * r) === hidden) return r;
  return (hidden + 0.5) / dim;
}

/** LV-ViT's PatchEmbed4_2: conv 7×7 s2 p3, then two 3×3 s1 p1, equal channels; projection patch/2. */
function checkLvvitStem(g: GraphView, stem: { kernel: number; stride: number; padding: number; channels: number }[], projStride: number, patchSize: number, at: string): void {
  const want = [
    [7, 2, 3],
    [3, 1, 1],
    [3, 1, 1],
  ];
  const ok = stem.length === 3 && stem.every((s, i) => s.kernel === want[i][0] && s.stride === want[i][1] && s.padding === want[i][2] && s.channels === stem[0].channels);
  if (!ok || projStride * 2 !== patchSize) {
    throw g.fail(`LV-ViT stem ${JSON.stringify(stem)} is not PatchEmbed4_2 (7×7/2 pad 3, 3×3/1 pad 1 twice, equal channels; projection patch/2)`, g.producer(at) ?? at);
  }
}

/** Identity BatchNorm for a folded stem: var + eps = 1 makes 1/√(var+eps) round to exactly 1 in float32. */
export const IDENTITY_BN_EPS = 1e-5;
export const IDENTITY_VAR = Math.fround(1 - IDENTITY_BN_EPS);

/** The residual Add of `stream` and `branch`; returns its output. */
function residual(g: GraphView, stream: string, branch: string, what: string): string {
  const add = g.uses(branch, "Add").find((u) => g.other(u) === stream);
  if (!add) throw g.fail(`${what}: expected Add(x, branch) with the block input`, g.producer(branch) ?? branch);
  return g.out(add);
}

/** timm/TokenLabeling fused attention: qkv → Reshape(…, 3, H, hd) → Transpose(2,0,3,1,4) → split q/k/v → core. */
function fusedAttention(g: GraphView, qkv: string, dim: number, what: string) {
  const rs = g.use(qkv, "Reshape", `${what} head split`);
  const { heads, headDim } = headsFromReshape(g, rs, dim, `${what} head split`);
  const shape = g.shapeVector(g.in(rs, 1)) ?? [];
  if (shape.at(-3) !== 3) throw g.fail(`${what}: qkv Reshape target ${JSON.stringify(shape)} does not split 3 × heads × head_dim`, rs);
  const tr = g.use(g.out(rs), "Transpose", `${what} head split`);
  if ((attrInts(tr.node, "perm") ?? []).join() !== "2,0,3,1,4") throw g.fail(`${what}: expected qkv Transpose perm [2,0,3,1,4]`, tr);
  const parts: string[] = [];
  const split = g.uses(g.out(tr), "Split");
  if (split.length === 1) {
    // unbind(0): Split into 3 then Squeeze(0) each.
    for (const o of split[0].node.output ?? []) parts.push(g.out(g.use(o, "Squeeze", `${what} unbind`)));
  } else {
    // qkv[0], qkv[1], qkv[2]: Gather(axis=0) with constant indices.
    for (const u of g.uses(g.out(tr), "Gather")) {
      const idx = g.scalar(g.in(u, 1));
      if (idx === null || attrInt(u.node, "axis", 0) !== 0) throw g.fail(`${what}: q/k/v selected by a non-constant Gather`, u);
      parts[idx] = g.out(u);
    }
  }
  if (parts.length !== 3 || parts.some((p) => !p)) throw g.fail(`${what}: q, k, v are not split from the qkv tensor (Split or Gather 0/1/2)`, tr);
  const core = attentionCore(g, parts[0], parts[1], parts[2], what);
  if (core.masked) throw g.fail(`${what}: unexpected additive mask in ViT attention`, tr);
  checkScale(g, core.scale, headDim, tr, what);
  return { heads, merged: core.merged };
}
