import { costSpec, getPreset, validatePreset, validateSpec } from "@trex/hw";
import { createModel, listModels } from "@trex/models";
import { createRegistry } from "@trex/registry";
import { describe, expect, it } from "vitest";
import { trexPlugin } from "../index.js";

describe("@trex/builtins", () => {
  const registry = createRegistry();
  registry.registerPlugin(trexPlugin);

  it("registers every @trex/models architecture, every @trex/hw preset and the built-in datasets", () => {
    expect(registry.models.ids().sort()).toEqual(listModels().sort());
    expect(registry.hardwarePresets.ids().sort()).toEqual(["fefet-32nm", "hybrid-32nm", "rram-22nm", "sram-32nm"]);
    expect(registry.datasets.ids().sort()).toEqual(["accept", "fmnist"]);
  });

  it("gives each small model the spec its real modules emit (the weightless path cannot drift)", () => {
    for (const id of ["deit-fmnist", "lvvit-fmnist", "bert-accept", "deit-t"]) {
      const spec = registry.models.get(id).spec!;
      expect(() => validateSpec(spec)).not.toThrow();
      expect(spec).toEqual(createModel(id).spec());
    }
  });

  it("prices the registered DeiT-S like the hardware package's own published calibration point", () => {
    const report = costSpec(registry.models.get("deit-s").spec!, getPreset("fefet-32nm"));
    expect(report.delay_ms).toBeCloseTo(10.92, 1);
  });

  it("registers presets that pass the hardware schema", () => {
    for (const p of registry.hardwarePresets.list()) expect(() => validatePreset(p.config, p.id)).not.toThrow();
  });

  it("loads datasets through their descriptors", async () => {
    const data = (await registry.datasets.get("fmnist").load!({ split: "eval", limit: 8 })) as { count: number };
    expect(data.count).toBe(8);
  });
});
