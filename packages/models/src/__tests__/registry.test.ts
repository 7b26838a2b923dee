import { architectureSpec, listArchitectures, validateSpec } from "@trex/hw";
import { describe, expect, it } from "vitest";
import { ModelConfigError, ModelLookupError, createModel, getModelEntry, listModels, modelConfig } from "../index.js";

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
    const m = createModel(id);
    expect(m.spec()).toEqual(architectureSpec(id));
  });

  it.each(listModels())("spec of %s is valid for the cost model", (id) => {
    const m = createModel(id);
    expect(() => validateSpec(m.spec())).not.toThrow();
  });
});
