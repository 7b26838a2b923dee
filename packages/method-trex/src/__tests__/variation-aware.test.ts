import { getPreset } from "@trex/hw";
import { createModel } from "@trex/models";
import { validateParams } from "@trex/registry";
import { noGrad } from "@trex/tensor";
import { loadDataset } from "@trex/train";
import { describe, expect, it } from "vitest";
import { applyTrex, distillTrain, noiseDesignFor, SearchOptionError, TREX_PARAMS, trexMethod } from "../index.js";
import { images, maxAbsDiff } from "./tiny.js";

describe("variation-aware distillation", () => {
  const data = loadDataset("fmnist", { split: "train", limit: 16 });
  const teacher = createModel("deit-fmnist", { dim: 16, heads: 2, depth: 3, mlpRatio: 2, seed: 5 });
  const fresh = () => applyTrex(teacher, validateParams(TREX_PARAMS, { reuse: "3" }));
  const probe = images(2, 1, 28, 9);

  it("trains through crossbar noise (weights differ from ideal training), then leaves the engines ideal", async () => {
    const ideal = fresh();
    const noisy = fresh();
    await distillTrain(ideal, teacher, data, { seed: 1, steps: 3 }, null, { settings: { batchSize: 8 } });
    const r = await distillTrain(noisy, teacher, data, { seed: 1, steps: 3 }, { static: "fefet", dynamic: "fefet" }, { settings: { batchSize: 8 } });
    expect(Number.isFinite(r.finalLoss)).toBe(true);
    const w = (m: ReturnType<typeof fresh>) => m.blocks[2].tb!.fc.weight.data;
    expect(maxAbsDiff(w(ideal), w(noisy))).toBeGreaterThan(1e-6);
    // Engines restored: the noisy-trained model now runs ideal, so its forward is deterministic and equals
    // a clone's that never had an engine set.
    const a = noGrad(() => noisy.forward(probe)).logits.data;
    const b = noGrad(() => noisy.forward(probe)).logits.data;
    const c = noGrad(() => noisy.clone().forward(probe)).logits.data;
    expect(maxAbsDiff(a, b)).toBe(0);
    expect(maxAbsDiff(a, c)).toBe(0);
  });

  it("the plugin's finetune distils with FeFET noise and returns the model", async () => {
    const m = fresh();
    const before = Float32Array.from(m.blocks[2].tb!.fc.weight.data);
    const out = await trexMethod.finetune!(m, teacher, data, { seed: 2, steps: 2 });
    expect(out).toBe(m);
    expect(maxAbsDiff(before, m.blocks[2].tb!.fc.weight.data)).toBeGreaterThan(0);
  });

  it("derives the noise design from the hardware preset, refusing devices @trex/xbar does not model", () => {
    expect(noiseDesignFor(getPreset("hybrid-32nm"))).toEqual({ static: "fefet", dynamic: "sram" });
    expect(noiseDesignFor(getPreset("fefet-32nm"))).toEqual({ static: "fefet", dynamic: "fefet" });
    expect(() => noiseDesignFor(getPreset("rram-22nm"))).toThrow(SearchOptionError);
    expect(() => noiseDesignFor(getPreset("rram-22nm"))).toThrow(/"rram", which @trex\/xbar does not simulate/);
  });
});
