import { architectureSpec, listArchitectures, validateSpec } from "@trex/hw";
import { describe, expect, it } from "vitest";
import type { TransformerModel } from "../index.js";
import { ModelConfigError, ModelLookupError, createModel, getModelEntry, listModels, modelConfig } from "../index.js";

// Full-size models take seconds to initialise: build each once.
const built = new Map<string, TransformerModel>();
const model = (id: string) => {
  let m = built.get(id);
  if (!m) {
    m = createModel(id);
    built.set(id, m);
  }
  return m;
};

describe("registry", () => {
  it("lists the required ids", () => {
    expect(listModels()).toEqual(
      expect.arrayContaining(["deit-t", "deit-s", "deit-b", "deit-s-distilled", "lvvit-s", "bert-base", "deit-fmnist", "lvvit-fmnist", "bert-accept"]),
    );
  });

  it("unknown id throws a typed error listing the known ids", () => {
    expect(() => createModel("deit-xl")).toThrow(ModelLookupError);
    expect(() => createModel("deit-xl")).toThrow(/unknown model "deit-xl".*deit-s.*bert-base/);
  });

  it("overrides are validated", () => {
    expect(modelConfig("deit-s", { numClasses: 10 }).numClasses).toBe(10);
    expect(() => modelConfig("deit-s", { heads: 5 })).toThrow(ModelConfigError);
    expect(() => modelConfig("deit-s", { imageSize: 100 })).toThrow(/multiple of config.patchSize/);
    expect(() => modelConfig("deit-s", { bogus: 1 } as never)).toThrow(/unknown config field "bogus"/);
    expect(() => modelConfig("deit-s", { family: "bert" } as never)).toThrow(ModelConfigError);
    expect(() => modelConfig("bert-base", { sequenceLength: 1024 })).toThrow(/maxPositions/);
  });

  it("configs are serializable", () => {
    for (const id of listModels()) {
      const c = getModelEntry(id).config;
      expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    }
  });

  // The weightless specs in @trex/hw are written from the papers' numbers; the models' specs come from
  // their modules. Equality ties the two together.
  it.each(listArchitectures().filter((id) => listModels().includes(id)))("spec of unmodified %s equals @trex/hw architectureSpec", (id) => {
    expect(model(id).spec()).toEqual(architectureSpec(id));
  });

  it.each(listModels())("spec of %s is valid for the cost model", (id) => {
    expect(() => validateSpec(model(id).spec())).not.toThrow();
  });
});

describe("model facts (trex-method.md §7)", () => {
  const count = (id: string) => model(id).parameters().reduce((a, p) => a + p.size, 0);
  it("parameter counts match the published sizes", () => {
    // timm: DeiT-S 22.05 M, DeiT-T 5.72 M; HF bert-base-uncased + 2-way classifier 109.48 M; LV-ViT-S 26.2 M.
    expect(count("deit-s")).toBe(22_050_664);
    expect(count("deit-t")).toBe(5_717_416);
    expect(count("bert-base")).toBe(109_483_778);
    expect(Math.abs(count("lvvit-s") / 26.2e6 - 1)).toBeLessThan(0.01);
  });

  it("embedded-default architectures have the required token counts and depths", () => {
    const d = model("deit-fmnist").spec();
    expect([d.tokens, d.blocks.length, d.dim]).toEqual([17, 12, 64]);
    const l = model("lvvit-fmnist").spec();
    expect([l.tokens, l.blocks.length]).toEqual([50, 16]);
    expect(model("bert-accept").spec().blocks.length).toBe(12);
  });
});
