import { mixSeeds } from "@trex/data";
import { costSpec, getPreset } from "@trex/hw";
import { createModel } from "@trex/models";
import { validateParams } from "@trex/registry";
import { loadDataset } from "@trex/train";
import { describe, expect, it } from "vitest";
import {
  allPlacements,
  applyTrex,
  chooseReuseCount,
  DelayTargetError,
  distillTrain,
  searchTrex,
  TREX_PARAMS,
  trexTransformSpec,
  uniformPatterns,
} from "../index.js";

const preset = getPreset("fefet-32nm");
const tiny = () => createModel("deit-fmnist", { dim: 16, heads: 2, depth: 4, mlpRatio: 2, seed: 4 });
const delayOf = (spec: ReturnType<ReturnType<typeof tiny>["spec"]>, reuse: readonly number[]) =>
  costSpec(trexTransformSpec(spec, validateParams(TREX_PARAMS, { reuse: [...reuse] })), preset, { layers: false }).delay_ms;

describe("N_reuse from a delay target", () => {
  const spec = tiny().spec();
  const base = costSpec(spec, preset).delay_ms;
  // Independent: best delay per count over every placement, priced one by one.
  const bestOf = (r: number) => Math.min(...allPlacements(4, r).map((p) => delayOf(spec, p)));

  it("is 0 when the unmodified model already meets the target", () => {
    expect(chooseReuseCount(spec, preset, base * 1.01).reuseCount).toBe(0);
  });

  it("is the smallest count with a uniform pattern meeting the target; the candidates are exactly those patterns", () => {
    const [b1, b2] = [bestOf(1), bestOf(2)];
    expect(b2).toBeLessThan(b1);
    const target = (b1 + b2) / 2;
    const r = chooseReuseCount(spec, preset, target);
    expect(r.reuseCount).toBe(2);
    const expected = uniformPatterns(4, 2).filter((p) => delayOf(spec, p.encoders) <= target).map((p) => p.encoders);
    expect(r.feasible.map((f) => f.pattern.encoders)).toEqual(expected);
    for (const f of r.feasible) expect(f.delay_ms).toBeLessThanOrEqual(target);
    expect(r.bestDelayByCount.map((b) => b.count)).toEqual([0, 1, 2]);
  });

  it("says when no pattern can meet the target, with the best achievable delay", () => {
    const best = Math.min(...[1, 2, 3].map(bestOf));
    try {
      chooseReuseCount(spec, preset, best * 0.9);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DelayTargetError);
      expect((e as DelayTargetError).bestMs).toBeCloseTo(best, 12);
      expect((e as Error).message).toMatch(/no reuse pattern meets the delay target .* best achievable delay/);
    }
  });
});

describe("searchTrex on a tiny model and a tiny Fashion-MNIST slice", () => {
  const data = loadDataset("fmnist", { split: "train", limit: 48 });
  const teacher = tiny();
  const spec = teacher.spec();
  const target = (delayOf(spec, [2]) + delayOf(spec, [2, 3])) / 2;

  it("train mode: partially trains every candidate, returns the minimum-loss one, meets the target, fine-tunes with FeFET noise", async () => {
    const r = await searchTrex({
      teacher,
      data,
      preset,
      delayTargetMs: target,
      seed: 3,
      mode: "train",
      budget: { count: 2 },
      finalBudget: { steps: 2 },
      batchSize: 16,
    });
    expect(r.reuseCount).toBe(2);
    expect(r.candidates.length).toBeGreaterThan(1);
    const min = Math.min(...r.candidates.map((c) => c.loss));
    expect(r.chosen.loss).toBe(min);
    expect(r.params.reuse).toEqual(r.chosen.pattern.encoders);
    // The delay target holds for the returned model's own structure.
    expect(costSpec(r.model.spec(), preset).delay_ms).toBeLessThanOrEqual(target);
    expect(r.hardware.reused.delay_ms).toBeLessThanOrEqual(target);
    expect(r.hardware.ratios.edapReduction).toBeGreaterThan(1);
    expect(r.noise).toEqual({ static: "fefet", dynamic: "fefet" });
    expect(Number.isFinite(r.finalLoss)).toBe(true);
    // Each candidate's loss is reproducible from its pattern alone (fresh apply + the same budget and seed).
    for (const c of r.candidates) {
      const m = applyTrex(teacher, { ...r.params, reuse: c.pattern.encoders });
      const again = await distillTrain(m, teacher, data, { seed: 3, steps: 2 }, null, { settings: { batchSize: 16 } });
      expect(again.finalLoss).toBeCloseTo(c.loss, 5);
    }
  });

  it("closed-form mode: fits every candidate, picks the lowest held-out loss, and refuses an impossible target", async () => {
    const r = await searchTrex({ teacher, data, preset, delayTargetMs: target, seed: 1, budget: { count: 24 }, lossExamples: 24, batchSize: 12 });
    expect(r.mode).toBe("closed-form");
    expect(r.chosen.loss).toBe(Math.min(...r.candidates.map((c) => c.loss)));
    expect(r.fits?.map((f) => f.encoder)).toEqual(r.params.reuse);
    expect(r.hardware.reused.delay_ms).toBeLessThanOrEqual(target);
    await expect(searchTrex({ teacher, data, preset, delayTargetMs: 1e-6, seed: 1 })).rejects.toThrow(DelayTargetError);
  });
});

describe("closed-form search with a final fine-tune", () => {
  it("fine-tunes the fitted winner: the same as fitting, then distilling separately with the search's seed", async () => {
    const data = loadDataset("fmnist", { split: "train", limit: 32 });
    const teacher = tiny();
    const spec = teacher.spec();
    const target = (delayOf(spec, [2]) + delayOf(spec, [2, 3])) / 2;
    const common = { teacher, data, preset, delayTargetMs: target, seed: 5, budget: { count: 16 }, lossExamples: 16, batchSize: 8 } as const;
    const fitted = await searchTrex(common);
    expect(fitted.finalLoss).toBeNull();
    const tuned = await searchTrex({ ...common, finalBudget: { steps: 2, learningRate: 1e-3 }, noise: null });
    expect(tuned.params).toEqual(fitted.params);
    expect(tuned.noise).toBeNull();
    const again = await distillTrain(fitted.model, teacher, data, { seed: mixSeeds(5, 0xf17e), steps: 2, learningRate: 1e-3 }, null, { settings: { batchSize: 8 } });
    expect(tuned.finalLoss).toBe(again.finalLoss);
    const a = new Map(tuned.model.stateEntries(false));
    for (const [name, t] of fitted.model.stateEntries(false)) expect(Array.from(a.get(name)!.data), name).toEqual(Array.from(t.data));
  });
});
