import { noGrad } from "@trex/tensor";
import { describe, expect, it } from "vitest";
import { ModelStructureError } from "../index.js";
import { handVit } from "./hand-vit.js";
import { images, maxAbsDiff, randomize, tinyVit } from "./helpers.js";

const opts = { dim: 8, heads: 2, depth: 4, patch: 4, eps: 1e-6 };

describe("attention reuse", () => {
  it("an unmodified model equals the hand-built timm forward", () => {
    const m = tinyVit();
    randomize(m, 10);
    const x = images(2, 2, 8, 11);
    const out = noGrad(() => m.forward(x));
    const ref = noGrad(() => handVit(new Map(m.namedParameters()), x, opts));
    expect(maxAbsDiff(out.logits.data, ref.logits.data)).toBeLessThan(1e-5);
  });

  it("a reusing block equals LayerNorm → Linear → GELU of the source's attention output, then its own projection/MLP", () => {
    const m = tinyVit();
    m.setAttentionReuse(2);
    randomize(m, 12);
    const x = images(2, 2, 8, 13);
    const out = noGrad(() => m.forward(x, { returnAttention: true }));
    const ref = noGrad(() => handVit(new Map(m.namedParameters()), x, { ...opts, reuse: new Map([[2, 1]]) }));
    expect(maxAbsDiff(out.logits.data, ref.logits.data)).toBeLessThan(1e-5);
    expect(maxAbsDiff(out.attentionOutputs![2].data, ref.attn[2].data)).toBeLessThan(1e-5);
  });

  it("drops the reusing block's norm1 and Q/K/V and adds a TB; keeps projection and MLP", () => {
    const m = tinyVit();
    m.setAttentionReuse(2);
    const names = m.namedParameters().map(([n]) => n);
    expect(names).not.toContain("blocks.2.norm1.weight");
    expect(names).not.toContain("blocks.2.attn.qkv.weight");
    for (const n of ["blocks.2.attn_tb.norm.weight", "blocks.2.attn_tb.fc.weight", "blocks.2.attn_tb.fc.bias", "blocks.2.attn.proj.weight", "blocks.2.mlp.fc1.weight", "blocks.2.norm2.weight"]) {
      expect(names).toContain(n);
    }
  });

  it("chain sources: 'computed' reads the nearest computed output, 'previous' the previous block's TB output", () => {
    const x = images(2, 2, 8, 15);
    const build = (chain: "computed" | "previous") => {
      const m = tinyVit();
      m.setAttentionReuse(2).setAttentionReuse(3, { chain });
      randomize(m, 14);
      return m;
    };
    const mc = build("computed");
    const mp = build("previous");
    expect(mc.reuseSource(3)).toBe(1);
    expect(mp.reuseSource(3)).toBe(2);
    const oc = noGrad(() => mc.forward(x, { returnAttention: true }));
    const op = noGrad(() => mp.forward(x, { returnAttention: true }));
    const rc = noGrad(() => handVit(new Map(mc.namedParameters()), x, { ...opts, reuse: new Map([[2, 1], [3, 1]]) }));
    const rp = noGrad(() => handVit(new Map(mp.namedParameters()), x, { ...opts, reuse: new Map([[2, 1], [3, 2]]) }));
    expect(maxAbsDiff(oc.logits.data, rc.logits.data)).toBeLessThan(1e-5);
    expect(maxAbsDiff(op.logits.data, rp.logits.data)).toBeLessThan(1e-5);
    expect(maxAbsDiff(oc.attentionOutputs![3].data, op.attentionOutputs![3].data)).toBeGreaterThan(1e-3);
    expect(mc.spec().blocks[3].attention).toMatchObject({ kind: "reuse", source: 1 });
    expect(mp.spec().blocks[3].attention).toMatchObject({ kind: "reuse", source: 2 });
  });

  it("tbInit 'identity' makes the TB GELU(LayerNorm(source))", () => {
    const m = tinyVit();
    m.setAttentionReuse(2, { tbInit: "identity" });
    randomize(m, 16);
    m.blocks[2].tb!.fc.weight.assign(Float32Array.from({ length: 64 }, (_, k) => (k % 9 === 0 ? 1 : 0)));
    m.blocks[2].tb!.fc.bias!.assign(new Float32Array(8));
    const fresh = tinyVit();
    fresh.setAttentionReuse(2, { tbInit: "identity" });
    expect(fresh.blocks[2].tb!.fc.weight.data).toEqual(m.blocks[2].tb!.fc.weight.data);
    const x = images(1, 2, 8, 17);
    const out = noGrad(() => m.forward(x, { returnAttention: true }));
    const ref = noGrad(() => handVit(new Map(m.namedParameters()), x, { ...opts, reuse: new Map([[2, 1]]) }));
    expect(maxAbsDiff(out.attentionOutputs![2].data, ref.attn[2].data)).toBeLessThan(1e-5);
  });

  it("spec shows the reuse and its TB; block 0 cannot reuse", () => {
    const m = tinyVit();
    m.setAttentionReuse(1);
    expect(m.spec().blocks[1].attention).toEqual({
      kind: "reuse",
      source: 0,
      transform: { layers: [{ kind: "layernorm", dim: 8 }, { kind: "linear", in: 8, out: 8, bias: true }, { kind: "gelu" }] },
    });
    expect(() => m.setAttentionReuse(0)).toThrow(ModelStructureError);
  });
});
