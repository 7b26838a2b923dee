import { AdamW, crossEntropy, indexTensor, noGrad } from "@trex/tensor";
import { describe, expect, it } from "vitest";
import { LinearAdapter, ModelStructureError } from "../index.js";
import { images, maxAbsDiff, randomize, tinyVit } from "./helpers.js";

describe("weight groups", () => {
  it("blocks share Q/K/V, projection and MLP but keep their own norms", () => {
    const m = tinyVit();
    const before = m.parameters().length;
    m.shareWeights([1, 2]);
    const names = m.namedParameters().map(([n]) => n);
    expect(names).toContain("blocks.1.attn.qkv.weight");
    expect(names).not.toContain("blocks.2.attn.qkv.weight");
    expect(names).not.toContain("blocks.2.mlp.fc1.weight");
    expect(names).toContain("blocks.2.norm1.weight");
    expect(names).toContain("blocks.2.norm2.weight");
    // qkv w+b, proj w+b, fc1 w+b, fc2 w+b = 8 tensors fewer.
    expect(m.parameters().length).toBe(before - 8);
    expect(m.blocks[2].attn).toBe(m.blocks[1].attn);
    expect(m.blocks[2].mlp.fc1.weight).toBe(m.blocks[1].mlp.fc1.weight);
    const spec = m.spec();
    expect(spec.blocks[1].weightGroup).toBe("shared-1-2");
    expect(spec.blocks[2].weightGroup).toBe("shared-1-2");
    expect(spec.blocks[0].weightGroup).toBeUndefined();
  });

  it("one optimizer step moves the shared weight for both blocks, with gradients from both", () => {
    const m = tinyVit();
    m.shareWeights([1, 2]);
    randomize(m, 3);
    const x = images(2, 2, 8, 4);
    const y = indexTensor([0, 2]);
    const w = m.blocks[2].attn!.qkv!.weight;
    const before = w.data.slice();
    crossEntropy(m.forward(x, { train: true }).logits, y).backward();
    const g = w.grad!.slice();
    // The shared gradient is the sum of both uses: compare with an unshared twin whose blocks 1 and 2
    // hold the same values.
    const twin = tinyVit();
    twin.loadNamed(m.stateEntries(true).map(([n, t]) => [n, { data: t.data.slice(), shape: t.shape }] as const), { strict: false });
    crossEntropy(twin.forward(x, { train: true }).logits, y).backward();
    const g1 = twin.blocks[1].attn!.qkv!.weight.grad!;
    const g2 = twin.blocks[2].attn!.qkv!.weight.grad!;
    expect(maxAbsDiff(g, g1.map((v, i) => v + g2[i]))).toBeLessThan(1e-5);
    new AdamW(m.parameters(), { lr: 0.01 }).step();
    expect(maxAbsDiff(w.data, before)).toBeGreaterThan(1e-4);
    expect(m.blocks[1].attn!.qkv!.weight.data).toBe(w.data);
  });

  it("loadNamed accepts a shared tensor under any of its names and rejects disagreeing copies", () => {
    const m = tinyVit();
    m.shareWeights([1, 2]);
    const state = m.stateEntries(true);
    expect(state.map(([n]) => n)).toContain("blocks.2.attn.qkv.weight");
    const ok = state.map(([n, t]) => [n, { data: t.data.slice(), shape: t.shape }] as const);
    expect(() => m.loadNamed(ok)).not.toThrow();
    const bad = ok.map(([n, t]) => [n, n === "blocks.2.attn.qkv.weight" ? { data: t.data.map((v) => v + 1), shape: t.shape } : t] as const);
    expect(() => m.loadNamed(bad)).toThrow(/shared with "blocks.1.attn.qkv.weight"/);
  });

  it("per-block transforms keep shared blocks distinct and show up in the spec", () => {
    const m = tinyVit();
    m.shareWeights([1, 2]).setBlockTransform(2, "mlp", new LinearAdapter(8));
    randomize(m, 5);
    expect(m.namedParameters().map(([n]) => n)).toContain("blocks.2.mlp_transform.fc.weight");
    const ops = m.spec().blocks[2].extraOps!;
    expect(ops[0]).toMatchObject({ kind: "static", component: "transform", in: 8, out: 8, tokens: 5 });
    const x = images(1, 2, 8, 6);
    const a = noGrad(() => m.forward(x)).logits.data.slice();
    for (const p of m.blocks[2].transforms.mlp!.parameters()) p.assign(new Float32Array(p.size));
    const b = noGrad(() => m.forward(x)).logits.data;
    expect(maxAbsDiff(a, b)).toBeGreaterThan(1e-4);
  });

  it("a group needs two blocks of equal shape", () => {
    expect(() => tinyVit().shareWeights([1])).toThrow(ModelStructureError);
  });
});
