import type { ProductEngine } from "@trex/tensor";
import { idealEngine, indexTensor, noGrad } from "@trex/tensor";
import { describe, expect, it } from "vitest";
import type { LayerRef } from "../index.js";
import { images, maxAbsDiff, tinyBert, tinyVit } from "./helpers.js";

/** A real ideal engine that records which LayerRef each call came through. */
function countingAssignment() {
  const calls: string[] = [];
  const assign = (ref: LayerRef): ProductEngine => ({
    id: `count:${ref.name}`,
    linear(x, rows, inF, w, outF, h) {
      calls.push(`${ref.block}:${ref.product}:${ref.kind}:linear`);
      return idealEngine.linear(x, rows, inF, w, outF, h);
    },
    dynamic(a, b, batch, m, n, k, transB) {
      calls.push(`${ref.block}:${ref.product}:${ref.kind}:dynamic`);
      return idealEngine.dynamic(a, b, batch, m, n, k, transB);
    },
  });
  return { calls, assign };
}

describe("per-layer product engines", () => {
  it("every linear, QKᵀ and S·V of a ViT goes through the engine its LayerRef selects", () => {
    const m = tinyVit();
    m.setAttentionReuse(2);
    const { calls, assign } = countingAssignment();
    m.setEngines(assign);
    noGrad(() => m.forward(images(2, 2, 8, 1)));
    const compute = (i: number) => [`${i}:qkv:static:linear`, `${i}:qk:dynamic:dynamic`, `${i}:sv:dynamic:dynamic`, `${i}:proj:static:linear`, `${i}:fc1:static:linear`, `${i}:fc2:static:linear`];
    expect(calls).toEqual([
      "null:embed:static:linear",
      ...compute(0),
      ...compute(1),
      "2:tb:static:linear",
      "2:proj:static:linear",
      "2:fc1:static:linear",
      "2:fc2:static:linear",
      ...compute(3),
      "null:head:static:linear",
    ]);
  });

  it("BERT routes query/key/value separately", () => {
    const m = tinyBert({ layers: 1 });
    const { calls, assign } = countingAssignment();
    m.setEngines(assign);
    noGrad(() => m.forward({ inputIds: indexTensor([1, 2, 3, 4], [1, 4]) }));
    expect(calls).toEqual([
      "0:q:static:linear",
      "0:k:static:linear",
      "0:v:static:linear",
      "0:qk:dynamic:dynamic",
      "0:sv:dynamic:dynamic",
      "0:proj:static:linear",
      "0:fc1:static:linear",
      "0:fc2:static:linear",
      "null:pooler:static:linear",
      "null:classifier:static:linear",
    ]);
  });

  it("the assignment changes exactly the selected product", () => {
    const x = images(1, 2, 8, 2);
    const m = tinyVit();
    const base = noGrad(() => m.forward(x)).logits;
    // An engine that doubles S·V of block 1 only.
    const doubling: ProductEngine = {
      id: "double",
      linear: idealEngine.linear,
      dynamic: (...a) => idealEngine.dynamic(...a).map((v) => 2 * v),
    };
    m.setEngines((r) => (r.block === 1 && r.product === "sv" ? doubling : idealEngine));
    const changed = noGrad(() => m.forward(x, { returnAttention: true }));
    m.setEngines(() => idealEngine);
    const again = noGrad(() => m.forward(x, { returnAttention: true }));
    expect(maxAbsDiff(changed.attentionOutputs![0].data, again.attentionOutputs![0].data)).toBe(0);
    expect(maxAbsDiff(changed.attentionOutputs![1].data, again.attentionOutputs![1].data.map((v) => 2 * v))).toBeLessThan(1e-6);
    expect(maxAbsDiff(again.logits.data, base.data)).toBe(0);
  });

  it("layerRefs lists every product of the structure", () => {
    const m = tinyVit({ depth: 2 });
    const refs = m.layerRefs();
    expect(refs.map((r) => `${r.block}:${r.product}`)).toEqual([
      "null:embed",
      "0:qkv", "0:qk", "0:sv", "0:proj", "0:fc1", "0:fc2",
      "1:qkv", "1:qk", "1:sv", "1:proj", "1:fc1", "1:fc2",
      "null:head",
    ]);
    expect(refs[1]).toEqual({ block: 0, product: "qkv", kind: "static", name: "blocks.0.attn.qkv.weight" });
    expect(refs[2]).toEqual({ block: 0, product: "qk", kind: "dynamic", name: "blocks.0.attn.qk" });
  });
});
