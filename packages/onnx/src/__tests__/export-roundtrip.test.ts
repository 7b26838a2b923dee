import { type TransformerModel, createModel } from "@trex/models";
import { Rng } from "@trex/tensor";
import { describe, expect, test } from "vitest";
import { exportOnnx, importOnnx, onnxModelInfo, seededInputs } from "../index.js";
import { runOnnxRuntime } from "../node/index.js";
import { inputSpecFor, maxAbsDiff, modelLogits } from "../run-model.js";
import { PairMergeHook } from "./pair-merge-hook.js";

// Export → onnxruntime-node (an independent runtime) must reproduce our engine's logits within 1e-4.
const TOL = 1e-4;

/** Every parameter and buffer set to seeded random values (LayerNorm/BN gains around 1, variances > 0). */
function randomize(model: TransformerModel, seed: number): TransformerModel {
  const rng = new Rng(seed);
  const named = model.stateEntries(false).map(([name, t]) => {
    const data = new Float32Array(t.size);
    if (name.endsWith("running_var")) rng.fillUniform(data, 0.5, 2);
    else if (/norm|bn\d|LayerNorm/.test(name) && name.endsWith("weight")) rng.fillNormal(data, 1, 0.3);
    else rng.fillNormal(data, 0, t.shape.length >= 2 ? 1 / Math.sqrt(t.shape.at(-1) ?? 1) : 0.2);
    return [name, { data, shape: [...t.shape] }] as const;
  });
  model.loadNamed(named);
  return model.eval();
}

const SMALL = {
  deit: () => createModel("deit-t", { imageSize: 32, patchSize: 8, dim: 48, depth: 2, heads: 3, numClasses: 10 }),
  "deit-distilled": () => createModel("deit-s-distilled", { imageSize: 32, patchSize: 8, dim: 48, depth: 2, heads: 3, numClasses: 10 }),
  lvvit: () => createModel("lvvit-s", { imageSize: 32, patchSize: 8, dim: 32, depth: 2, heads: 2, numClasses: 10, stemChannels: 16 }),
  bert: () =>
    createModel("bert-base", { vocabSize: 100, hidden: 32, layers: 2, heads: 4, intermediate: 64, maxPositions: 32, numClasses: 3, sequenceLength: 16 }),
};

async function roundTrip(model: TransformerModel, seed: number, batch = 2) {
  const exported = exportOnnx(model);
  const feeds = seededInputs(inputSpecFor(model.config), { seed, batch });
  const roles = exported.inputs.map((name) => ({ role: name as "pixel_values", name }));
  const ref = await runOnnxRuntime(exported.bytes, roles, feeds);
  const ours = modelLogits(model, feeds);
  let scale = 0;
  for (const v of ref.data) scale = Math.max(scale, Math.abs(v));
  return { diff: maxAbsDiff(ours, ref), scale, exported };
}

describe.each(Object.keys(SMALL) as (keyof typeof SMALL)[])("%s", (family) => {
  test("export → onnxruntime matches our logits (batch 2 and, same file, batch 3)", async () => {
    const model = randomize(SMALL[family](), 11);
    const a = await roundTrip(model, 3, 2);
    expect(a.diff).toBeLessThanOrEqual(TOL);
    expect(a.scale).toBeGreaterThan(0.1);
    const b = await roundTrip(model, 4, 3);
    expect(b.diff).toBeLessThanOrEqual(TOL);
    console.log(`${family}: export max_abs_diff ${a.diff.toExponential(2)} (batch 2), ${b.diff.toExponential(2)} (batch 3)`);
    // The file is a valid opset-17 model whose initializers are exactly the model's state (canonical names).
    const info = onnxModelInfo(a.exported.bytes);
    expect(info.opset).toBe(17);
    expect(info.outputs).toEqual(["logits"]);
    expect(new Set(info.initializers)).toEqual(new Set(model.stateEntries(false).map(([n]) => n)));
  });

  test("the exported file imports back with the same config and weights", () => {
    const model = randomize(SMALL[family](), 12);
    const back = importOnnx(exportOnnx(model).bytes);
    // name, seed and BERT's pricing length are not in the graph.
    const { name: _n, seed: _s, sequenceLength: _l, ...arch } = model.config as unknown as Record<string, unknown>;
    expect(back.config).toMatchObject(arch);
    for (const [name, t] of model.stateEntries(false)) {
      expect(Array.from(back.named.get(name)?.data ?? []), name).toEqual(Array.from(t.data));
    }
  });
});

describe("after structural transformations", () => {
  function transformed(seed: number) {
    const model = createModel("deit-t", { imageSize: 32, patchSize: 8, dim: 48, depth: 5, heads: 3, numClasses: 10 });
    model.setAttentionReuse(1); // TReX: block 1 reuses block 0's attention through a Transformation Block
    model.shareWeights([2, 4]); // one weight group: block 4 uses block 2's Q/K/V, projection and MLP
    model.setTokenHook(3, new PairMergeHook(48)); // 17 → 9 tokens after block 3's attention
    return randomize(model, seed);
  }

  test("reuse with TB + weight group + token hook: onnxruntime matches within 1e-4", async () => {
    const model = transformed(21);
    const r = await roundTrip(model, 5, 2);
    expect(r.diff).toBeLessThanOrEqual(TOL);
    expect(r.scale).toBeGreaterThan(0.1);
    console.log(`transformed deit: export max_abs_diff ${r.diff.toExponential(2)}`);
    const init = onnxModelInfo(r.exported.bytes).initializers;
    expect(init).toContain("blocks.1.attn_tb.fc.weight");
    expect(init).toContain("blocks.3.token_hook.scale");
    // Shared weights are stored once, under the group owner's names.
    expect(init).toContain("blocks.2.attn.qkv.weight");
    expect(init).not.toContain("blocks.4.attn.qkv.weight");
    expect(init).not.toContain("blocks.1.attn.qkv.weight");
    expect(init.length).toBe(new Set(init).size);
  });

  test("a transformation changes the logits (the test is not vacuous)", async () => {
    const plain = randomize(createModel("deit-t", { imageSize: 32, patchSize: 8, dim: 48, depth: 5, heads: 3, numClasses: 10 }), 21);
    const feeds = seededInputs(inputSpecFor(plain.config), { seed: 5, batch: 2 });
    const a = modelLogits(plain, feeds);
    const b = modelLogits(transformed(21), feeds);
    expect(maxAbsDiff(a, b)).toBeGreaterThan(1e-2);
  });
});
