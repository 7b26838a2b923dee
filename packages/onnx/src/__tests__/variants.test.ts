import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { OnnxImportError, OnnxInputError, importOnnx, seededInputs } from "../index.js";
import { checkOnnx } from "../node/index.js";
import { type ModelProto, onnx } from "../proto.js";

// Other exporters write the same math with other op patterns. Each test rewrites a committed PyTorch
// export into such a variant (onnxruntime confirms the variant still computes the model) and checks the
// importer follows the structure rather than one exporter's layout.
const OUT = join(dirname(fileURLToPath(import.meta.url)), "../../../../tooling/reference-models/out");
const load = (name: string) => onnx.ModelProto.decode(readFileSync(join(OUT, `${name}.onnx`)));
const encode = (m: ModelProto) => onnx.ModelProto.encode(m).finish();

function scalarConst(m: ModelProto, name: string, v: number) {
  const t = onnx.TensorProto.create({ name, dims: [], dataType: onnx.TensorProto.DataType.FLOAT, floatData: [v] });
  m.graph?.initializer?.push(t);
  return name;
}

/** timm 0.3/0.4 order: (q @ kᵀ) * scale instead of (q * scale) @ kᵀ, in every block. */
function scaleAfterProduct(m: ModelProto): number {
  const nodes = m.graph?.node ?? [];
  let moved = 0;
  for (const mul of nodes.filter((n) => n.opType === "Mul" && (n.name ?? "").endsWith("attn/Mul"))) {
    const q = mul.input?.[0] ?? "";
    const scaled = mul.output?.[0] ?? "";
    const mm = nodes.find((n) => n.opType === "MatMul" && n.input?.[0] === scaled);
    const sm = nodes.find((n) => n.opType === "Softmax" && n.input?.[0] === mm?.output?.[0]);
    if (!mm || !sm || !mm.input || !mul.input || !sm.input) throw new Error("unexpected reference graph");
    mm.input[0] = q;
    mul.input[0] = mm.output?.[0] ?? "";
    sm.input[0] = scaled;
    // Keep topological order: the Mul now runs after the MatMul.
    nodes.splice(nodes.indexOf(mul), 1);
    nodes.splice(nodes.indexOf(mm) + 1, 0, mul);
    moved++;
  }
  return moved;
}

/** SDPA-style: the scale split as √scale on q and √scale on k. */
function splitScale(m: ModelProto): number {
  const nodes = m.graph?.node ?? [];
  let n = 0;
  for (const mul of nodes.filter((x) => x.opType === "Mul" && (x.name ?? "").endsWith("attn/Mul"))) {
    if (!mul.input) continue;
    mul.input[1] = scalarConst(m, `sqrt_scale_q_${n}`, 0.5);
    const mm = nodes.find((x) => x.opType === "MatMul" && x.input?.[0] === mul.output?.[0]);
    if (!mm?.input) throw new Error("unexpected reference graph");
    const kT = mm.input[1];
    const out = `${kT}_scaled`;
    nodes.splice(nodes.indexOf(mm), 0, onnx.NodeProto.create({ name: `/ks${n}`, opType: "Mul", input: [kT, scalarConst(m, `sqrt_scale_k_${n}`, 0.5)], output: [out] }));
    mm.input[1] = out;
    n++;
  }
  return n;
}

describe("equivalent patterns of other exporters import and still match onnxruntime", () => {
  test.each([
    ["scale after q @ kᵀ (timm 0.3/0.4, transformers ≥ 4.48)", scaleAfterProduct],
    ["scale split over q and k (scaled_dot_product_attention)", splitScale],
  ])("%s", async (_, rewrite) => {
    const m = load("deit-folded");
    expect(rewrite(m)).toBe(2);
    const bytes = encode(m);
    expect(importOnnx(bytes).family).toBe("vit");
    const report = await checkOnnx(bytes, { seed: 2 });
    expect(report.max_abs_diff).toBeLessThanOrEqual(1e-4);
  });

  test("the tanh-approximate GELU is rejected at the MLP rather than imported as exact GELU", () => {
    const m = load("deit-folded");
    const nodes = m.graph?.node ?? [];
    const erf = nodes.find((n) => n.opType === "Erf");
    if (!erf) throw new Error("no Erf");
    const div = nodes.find((n) => n.output?.[0] === erf.input?.[0]);
    const x = div?.input?.[0] ?? "";
    nodes.splice(nodes.indexOf(erf), 0, onnx.NodeProto.create({ name: "/pow", opType: "Pow", input: [x, scalarConst(m, "three", 3)], output: ["x3"] }));
    expect(() => importOnnx(encode(m))).toThrow(/block 0 mlp: found the tanh-approximate GELU pattern/);
  });

  test("a LayerNorm whose eps differs between blocks is rejected naming the node", () => {
    const m = load("deit-unfolded");
    const ln = (m.graph?.node ?? []).filter((n) => n.opType === "LayerNormalization")[2];
    const eps = ln.attribute?.find((a) => a.name === "epsilon");
    if (!eps) throw new Error("no epsilon");
    eps.f = 1e-5;
    expect(() => importOnnx(encode(m))).toThrow(OnnxImportError);
    expect(() => importOnnx(encode(m))).toThrow(/block 1: LayerNorm eps 0.00001 differs from 0.000001/);
  });

  test("a removed residual Add is reported at the branch it should close", () => {
    const m = load("deit-folded");
    const nodes = m.graph?.node ?? [];
    const res = nodes.find((n) => n.name === "/blocks/blocks.0/Add");
    if (!res?.input) throw new Error("no residual add");
    // x + branch → branch + branch: the block input no longer reaches the residual.
    res.input[0] = res.input[1];
    expect(() => importOnnx(encode(m))).toThrow(/block 0 attention residual: expected Add\(x, branch\)/);
  });
});

/** Opset ≤ 16 form: every LayerNormalization spelled out as ReduceMean/Sub/Pow/ReduceMean/Add/Sqrt/Div/Mul/Add. */
function decomposeLayerNorms(m: ModelProto): number {
  const nodes = m.graph?.node ?? [];
  let n = 0;
  for (const ln of nodes.filter((x) => x.opType === "LayerNormalization")) {
    const [x, gain, bias] = ln.input ?? [];
    const y = ln.output?.[0] ?? "";
    const eps = ln.attribute?.find((a) => a.name === "epsilon")?.f ?? 1e-5;
    const p = `/ln${n}`;
    const axes = [onnx.AttributeProto.create({ name: "axes", type: onnx.AttributeProto.AttributeType.INTS, ints: [-1] })];
    const node = (op: string, inputs: string[], out: string, attribute: typeof axes = []) =>
      onnx.NodeProto.create({ name: `${p}/${op}_${out}`, opType: op, input: inputs, output: [out], attribute });
    const parts = [
      node("ReduceMean", [x], `${p}/mean`, axes),
      node("Sub", [x, `${p}/mean`], `${p}/d`),
      node("Pow", [`${p}/d`, scalarConst(m, `${p}/two`, 2)], `${p}/sq`),
      node("ReduceMean", [`${p}/sq`], `${p}/var`, axes),
      node("Add", [`${p}/var`, scalarConst(m, `${p}/eps`, eps)], `${p}/ve`),
      node("Sqrt", [`${p}/ve`], `${p}/std`),
      node("Div", [`${p}/d`, `${p}/std`], `${p}/n`),
      node("Mul", [`${p}/n`, gain], `${p}/g`),
      node("Add", [`${p}/g`, bias], y),
    ];
    nodes.splice(nodes.indexOf(ln), 1, ...parts);
    n++;
  }
  return n;
}

describe("opset ≤ 16 LayerNorm (decomposed)", () => {
  test.each(["deit-folded", "lvvit-unfolded", "bert-folded"])("%s with every LayerNorm decomposed imports the same and matches onnxruntime", async (name) => {
    const m = load(name);
    expect(decomposeLayerNorms(m)).toBe(5);
    const bytes = encode(m);
    const original = importOnnx(readFileSync(join(OUT, `${name}.onnx`)));
    const variant = importOnnx(bytes);
    expect(variant.config).toEqual(original.config);
    for (const [k, v] of original.named) expect(Array.from(variant.named.get(k)?.data ?? []), k).toEqual(Array.from(v.data));
    const report = await checkOnnx(bytes, { seed: 3 });
    expect(report.max_abs_diff).toBeLessThanOrEqual(1e-4);
  });
});

describe("input checks", () => {
  test("a BERT sequence longer than the position table is an OnnxInputError", () => {
    expect(() => seededInputs({ kind: "text", vocabSize: 100, typeVocabSize: 2, maxPositions: 32 }, { seed: 0, sequence: 40 })).toThrow(OnnxInputError);
  });
  test("batch 0 is an OnnxInputError", () => {
    expect(() => seededInputs({ kind: "image", channels: 3, size: 32 }, { seed: 0, batch: 0 })).toThrow(/batch must be a positive integer/);
  });
});
