import { Tensor, indexTensor, noGrad, zeros } from "@trex/tensor";
import { describe, expect, it } from "vitest";
import { ModelInputError, WeightLoadError } from "../index.js";
import { images, maxAbsDiff, randomize, tinyBert, tinyLvvit, tinyVit } from "./helpers.js";

const copyOf = (entries: [string, Tensor][]) => entries.map(([n, t]) => [n, { data: t.data.slice(), shape: [...t.shape] }] as [string, { data: Float32Array; shape: number[] }]);

describe("loadNamed", () => {
  it("round-trips and reports", () => {
    const a = tinyVit();
    randomize(a, 1);
    const b = tinyVit({ seed: 99 });
    const r = b.loadNamed(copyOf(a.stateEntries()));
    expect(r.missing).toEqual([]);
    expect(r.loaded.length).toBe(a.stateEntries().length);
    const x = images(1, 2, 8, 2);
    expect(maxAbsDiff(noGrad(() => a.forward(x)).logits.data, noGrad(() => b.forward(x)).logits.data)).toBe(0);
  });

  it("names the tensor on shape mismatch, missing, unexpected and NaN; writes nothing on failure", () => {
    const m = tinyVit();
    const good = copyOf(m.stateEntries());
    const before = m.head.weight.data.slice();
    const withShape = good.map(([n, t]) => [n, n === "head.weight" ? { data: new Float32Array(8 * 4), shape: [4, 8] } : t] as const);
    expect(() => m.loadNamed(withShape)).toThrow(/"head.weight" has shape \[4, 8\].*expects \[3, 8\]/);
    const nan = good.map(([n, t]) => [n, n === "blocks.1.mlp.fc1.weight" ? { data: t.data.map((v, i) => (i === 3 ? Number.NaN : v)), shape: t.shape } : t] as const);
    expect(() => m.loadNamed(nan)).toThrow(WeightLoadError);
    try {
      m.loadNamed(nan);
    } catch (e) {
      expect((e as WeightLoadError).tensorName).toBe("blocks.1.mlp.fc1.weight");
    }
    expect(() => m.loadNamed(good.filter(([n]) => n !== "norm.bias"))).toThrow(/missing 1 tensor\(s\): norm.bias/);
    expect(m.loadNamed(good.filter(([n]) => n !== "norm.bias"), { strict: false }).missing).toEqual(["norm.bias"]);
    expect(() => m.loadNamed([...good, ["blocks.9.norm1.weight", { data: new Float32Array(8), shape: [8] }]])).toThrow(/unexpected.*blocks.9.norm1.weight/);
    expect(m.head.weight.data).toEqual(before);
  });

  it("ignores PyTorch's num_batches_tracked and loads BN running stats", () => {
    const m = tinyLvvit();
    const state = copyOf(m.stateEntries());
    expect(state.map(([n]) => n)).toContain("patch_embed.bn1.running_var");
    const r = m.loadNamed([...state, ["patch_embed.bn1.num_batches_tracked", { data: new Float32Array([0]), shape: [] }]]);
    expect(r.ignored).toEqual(["patch_embed.bn1.num_batches_tracked"]);
  });
});

describe("inputs", () => {
  it("image models name expected vs got", () => {
    const m = tinyVit();
    expect(() => m.forward(zeros([1, 3, 8, 8]))).toThrow(/expects 2 input channel\(s\), got 3/);
    expect(() => m.forward(zeros([1, 2, 16, 16]))).toThrow(/expects 8×8 images, got 16×16/);
    expect(() => m.forward(zeros([2, 8, 8]))).toThrow(ModelInputError);
    expect(() => m.forward({ inputIds: indexTensor([1], [1, 1]) })).toThrow(/not token ids/);
  });

  it("BERT checks ids, types, mask and length", () => {
    const m = tinyBert();
    expect(() => m.forward({ inputIds: indexTensor([1, 20], [1, 2]) })).toThrow(/inputIds\[1\] = 20 is out of range \[0, 20\)/);
    expect(() => m.forward({ inputIds: indexTensor([1, 2], [1, 2]), tokenTypeIds: indexTensor([0, 2], [1, 2]) })).toThrow(/tokenTypeIds/);
    expect(() => m.forward({ inputIds: indexTensor([1, 2], [1, 2]), attentionMask: indexTensor([1], [1, 1]) })).toThrow(/attentionMask must have shape \[1, 2\]/);
    expect(() => m.forward({ inputIds: indexTensor(new Int32Array(11), [1, 11]) })).toThrow(/exceeds maxPositions 10/);
    expect(() => m.forward(zeros([1, 2, 8, 8]))).toThrow(ModelInputError);
  });

  it("BERT's mask hides padding: padded and cut sequences give the same logits", () => {
    const m = tinyBert();
    randomize(m, 4);
    const full = noGrad(() => m.forward({ inputIds: indexTensor([3, 5, 7, 0, 0], [1, 5]), attentionMask: indexTensor([1, 1, 1, 0, 0], [1, 5]) }));
    const cut = noGrad(() => m.forward({ inputIds: indexTensor([3, 5, 7], [1, 3]) }));
    expect(maxAbsDiff(full.logits.data, cut.logits.data)).toBeLessThan(1e-5);
  });
});

describe("outputs, modes and clone", () => {
  it("DeiT-distilled averages the heads in eval and returns both in training", () => {
    const m = tinyVit({ distilled: true });
    randomize(m, 5);
    const x = images(2, 2, 8, 6);
    const tr = noGrad(() => m.forward(x, { train: true }));
    const ev = noGrad(() => m.eval().forward(x));
    expect(tr.distLogits).toBeDefined();
    expect(maxAbsDiff(ev.logits.data, tr.logits.data.map((v, i) => (v + tr.distLogits!.data[i]) / 2))).toBeLessThan(1e-6);
    expect(m.train().forward(x).distLogits).toBeDefined();
  });

  it("LV-ViT logits = head(cls) + 0.5 · max over tokens of the aux logits", () => {
    const m = tinyLvvit();
    randomize(m, 7);
    const o = noGrad(() => m.forward(images(2, 2, 8, 8)));
    const [b, t, c] = o.auxTokenLogits!.shape;
    expect(t).toBe(4);
    for (let s = 0; s < b; s++) {
      for (let k = 0; k < c; k++) {
        let mx = -Infinity;
        for (let j = 0; j < t; j++) mx = Math.max(mx, o.auxTokenLogits!.data[(s * t + j) * c + k]);
        expect(o.logits.data[s * c + k]).toBeCloseTo(o.clsLogits!.data[s * c + k] + 0.5 * mx, 5);
      }
    }
  });

  it("LV-ViT BatchNorm uses batch statistics in training and updates running stats", () => {
    const m = tinyLvvit();
    const rv = m.patchEmbed.bns[0].runningVar;
    const before = rv.data.slice();
    noGrad(() => m.forward(images(2, 2, 8, 9), { train: true }));
    expect(maxAbsDiff(rv.data, before)).toBeGreaterThan(0);
  });

  it("clone is a deep copy with the same structure and outputs", () => {
    const m = tinyVit();
    m.setAttentionReuse(2).shareWeights([0, 1]);
    randomize(m, 10);
    const c = m.clone();
    const x = images(1, 2, 8, 11);
    expect(maxAbsDiff(noGrad(() => c.forward(x)).logits.data, noGrad(() => m.forward(x)).logits.data)).toBe(0);
    expect(c.spec()).toEqual(m.spec());
    expect(c.head.weight).not.toBe(m.head.weight);
    c.head.weight.data.fill(0);
    expect(m.head.weight.data.some((v) => v !== 0)).toBe(true);
    expect(c.blocks[1].attn).toBe(c.blocks[0].attn);
  });

  it("parameters have canonical names", () => {
    const m = tinyBert({ layers: 1 });
    expect(m.namedParameters().map(([n]) => n)).toEqual([
      "bert.embeddings.word_embeddings.weight",
      "bert.embeddings.position_embeddings.weight",
      "bert.embeddings.token_type_embeddings.weight",
      "bert.embeddings.LayerNorm.weight",
      "bert.embeddings.LayerNorm.bias",
      "bert.encoder.layer.0.attention.self.query.weight",
      "bert.encoder.layer.0.attention.self.query.bias",
      "bert.encoder.layer.0.attention.self.key.weight",
      "bert.encoder.layer.0.attention.self.key.bias",
      "bert.encoder.layer.0.attention.self.value.weight",
      "bert.encoder.layer.0.attention.self.value.bias",
      "bert.encoder.layer.0.attention.output.dense.weight",
      "bert.encoder.layer.0.attention.output.dense.bias",
      "bert.encoder.layer.0.attention.output.LayerNorm.weight",
      "bert.encoder.layer.0.attention.output.LayerNorm.bias",
      "bert.encoder.layer.0.intermediate.dense.weight",
      "bert.encoder.layer.0.intermediate.dense.bias",
      "bert.encoder.layer.0.output.dense.weight",
      "bert.encoder.layer.0.output.dense.bias",
      "bert.encoder.layer.0.output.LayerNorm.weight",
      "bert.encoder.layer.0.output.LayerNorm.bias",
      "bert.pooler.dense.weight",
      "bert.pooler.dense.bias",
      "classifier.weight",
      "classifier.bias",
    ]);
    expect(m.namedParameters().every(([n, p]) => p.name === n)).toBe(true);
    expect(tinyVit().head.weight).toBeInstanceOf(Tensor);
  });
});
