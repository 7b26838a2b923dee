import { architectureSpec } from "@trex/hw";
import { validateParams } from "@trex/registry";
import { describe, expect, it } from "vitest";
import { applyTrex, ReuseParamError, TREX_PARAMS, trexTransformSpec } from "../index.js";
import { tinyFamilies } from "./tiny.js";

const params = (raw: Record<string, unknown>) => validateParams(TREX_PARAMS, raw);

describe("trex apply and transformSpec", () => {
  for (const [family, make] of tinyFamilies) {
    for (const chain of ["nearest-computed", "previous"] as const) {
      for (const reuse of ["2", "3,4", "2,4,5", "4,6"]) {
        it(`${family}, chain ${chain}, reuse ${reuse}: model.spec() after apply equals transformSpec(model.spec())`, () => {
          const model = make();
          if (reuse.split(",").some((e) => Number(e) > model.blocks.length)) return;
          const p = params({ reuse, chain });
          const before = model.spec();
          const applied = applyTrex(model, p);
          expect(applied.spec()).toEqual(trexTransformSpec(before, p));
          // The input model is untouched.
          expect(model.spec()).toEqual(before);
        });
      }
    }
  }

  it("resolves sources as documented (0-based in the spec)", () => {
    const spec = architectureSpec("deit-s");
    const near = trexTransformSpec(spec, params({ reuse: "3,4,5,8" }));
    const prev = trexTransformSpec(spec, params({ reuse: "3,4,5,8", chain: "previous" }));
    const src = (s: typeof near) => s.blocks.map((b) => (b.attention.kind === "reuse" ? b.attention.source : null));
    expect(src(near)).toEqual([null, null, 1, 1, 1, null, null, 6, null, null, null, null]);
    expect(src(prev)).toEqual([null, null, 1, 2, 3, null, null, 6, null, null, null, null]);
    const b = near.blocks[2];
    expect(b.attention).toEqual({
      kind: "reuse",
      source: 1,
      transform: { layers: [{ kind: "layernorm", dim: 384 }, { kind: "linear", in: 384, out: 384, bias: true }, { kind: "gelu" }] },
    });
    // Everything but attention is unchanged.
    expect({ ...near, blocks: near.blocks.map(({ attention, ...rest }) => rest) }).toEqual({ ...spec, blocks: spec.blocks.map(({ attention, ...rest }) => rest) });
  });

  it("drops the reusing encoders' Q/K/V and pre-attention norm, adds one TB each", () => {
    const [, make] = tinyFamilies[0];
    const model = make();
    const applied = applyTrex(model, params({ reuse: "3,5" }));
    const names = applied.namedParameters().map(([n]) => n);
    for (const i of [2, 4]) {
      expect(names.filter((n) => n.startsWith(`blocks.${i}.attn.`) && !n.startsWith(`blocks.${i}.attn.proj`))).toEqual([]);
      expect(names.filter((n) => n.startsWith(`blocks.${i}.norm1.`))).toEqual([]);
      expect(names.filter((n) => n.startsWith(`blocks.${i}.attn_tb.`)).sort()).toEqual(
        [`blocks.${i}.attn_tb.fc.bias`, `blocks.${i}.attn_tb.fc.weight`, `blocks.${i}.attn_tb.norm.bias`, `blocks.${i}.attn_tb.norm.weight`].sort(),
      );
    }
    expect(names.some((n) => n.startsWith("blocks.1.attn.qkv"))).toBe(true);
    const dim = 16;
    const removed = 2 * (3 * dim * dim + 3 * dim + 2 * dim); // qkv weight+bias, norm1
    const added = 2 * (dim * dim + dim + 2 * dim); // fc weight+bias, norm
    const count = (m: typeof model) => m.parameters().reduce((a, p) => a + p.size, 0);
    expect(count(applied)).toBe(count(model) - removed + added);
  });

  it("tbInit identity sets the TB Linear to the identity", () => {
    const applied = applyTrex(tinyFamilies[0][1](), params({ reuse: "2", tbInit: "identity" }));
    const fc = applied.blocks[1].tb!.fc;
    for (let r = 0; r < 16; r++) for (let c = 0; c < 16; c++) expect(fc.weight.data[r * 16 + c]).toBe(r === c ? 1 : 0);
    expect([...fc.bias!.data].every((v) => v === 0)).toBe(true);
  });

  it("refuses encoder 1, missing encoders, repeats and a second application, with the fix in the message", () => {
    const model = tinyFamilies[0][1]();
    const spec = model.spec();
    expect(() => applyTrex(model, params({ reuse: "1,3" }))).toThrow(ReuseParamError);
    expect(() => trexTransformSpec(spec, params({ reuse: "1" }))).toThrow(/encoder 1 never reuses attention.*encoders from 2/);
    expect(() => applyTrex(model, params({ reuse: "7" }))).toThrow(/encoder 7 does not exist; this model has encoders 1..6/);
    expect(() => trexTransformSpec(spec, params({ reuse: "3,3" }))).toThrow(/listed twice/);
    const once = applyTrex(model, params({ reuse: "3" }));
    expect(() => applyTrex(once, params({ reuse: "5" }))).toThrow(/already reuses attention/);
    expect(() => trexTransformSpec(once.spec(), params({ reuse: "5" }))).toThrow(/already reuses attention/);
    expect(() => validateParams(TREX_PARAMS, {})).toThrow(/"reuse".*required/);
    expect(() => applyTrex({} as never, params({ reuse: "2" }))).toThrow(/TransformerModel/);
  });
});
