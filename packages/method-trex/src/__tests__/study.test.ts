import { costSpec, getPreset } from "@trex/hw";
import { createModel } from "@trex/models";
import { evaluate, evaluateNonideal, loadDataset } from "@trex/train";
import { describe, expect, it } from "vitest";
import { delayTargetForEdapRatio, reuseCountCosts, runStudy, SearchOptionError, searchTrex, studyMarkdown } from "../index.js";

const preset = getPreset("fefet-32nm");
const teacher = createModel("deit-fmnist", { dim: 16, heads: 2, depth: 4, mlpRatio: 2, seed: 4 });
const train = loadDataset("fmnist", { split: "train", limit: 40 });
const evalSet = loadDataset("fmnist", { split: "eval", limit: 30 });
const nonidealSet = evalSet.take(12);
const search = { seed: 2, budget: { count: 16 }, lossExamples: 16, batchSize: 8, finalBudget: { steps: 2 }, noise: null } as const;
const model = { id: "tiny", source: "test", dataset: "fmnist", teacher, train, eval: evalSet, nonidealEval: nonidealSet };

describe("runStudy on a tiny seeded model and tiny Fashion-MNIST slices", () => {
  it("every row equals a separate search and evaluation on the same seed; ratios that pick one count share it", async () => {
    const counts = reuseCountCosts(teacher.spec(), preset);
    // Two ratios inside count 2's reduction and one needing count 3.
    const ratios = [counts[1].edapReduction * 1.001, counts[2].edapReduction, counts[2].edapReduction * 1.001];
    const r = await runStudy({ models: [model], ratios, preset, search, nonideal: { design: "fefet", seeds: [0, 1] } });
    expect(r.ratios).toEqual(ratios);
    const m = r.models[0];
    expect(m.rows.map((row) => row.target.reuseCount)).toEqual([2, 2, 3]);
    expect(m.rows[1].sameAsRatio).toBe(ratios[0]);
    expect(m.rows[1].search).toEqual(m.rows[0].search);

    // The unmodified model, evaluated separately.
    expect(m.baseline.ideal.accuracy).toBe(evaluate(teacher, evalSet).accuracy);
    expect(m.baseline.ideal.examples).toBe(30);
    const baseNonideal = evaluateNonideal(teacher, nonidealSet, { preset: "fefet", seeds: [0, 1] });
    expect(m.baseline.nonideal?.values).toEqual(baseNonideal.values);
    expect(m.baseline.hardware.edap).toBeCloseTo(costSpec(teacher.spec(), preset).edap, 12);

    for (const row of [m.rows[0], m.rows[2]]) {
      const t = delayTargetForEdapRatio(teacher.spec(), preset, row.requestedRatio);
      expect(row.target.delayTargetMs).toBe(t.delayTargetMs);
      const s = await searchTrex({ ...search, teacher, data: train, preset, delayTargetMs: t.delayTargetMs });
      expect(row.search.reuseCount).toBe(s.reuseCount);
      expect(row.search.pattern.encoders).toEqual(s.chosen.pattern.encoders);
      expect(row.search.candidates.map((c) => c.loss)).toEqual(s.candidates.map((c) => c.loss));
      expect(row.search.finalLoss).toBe(s.finalLoss);
      expect(row.search.hardware).toEqual(s.hardware);
      expect(row.search.hardware.ratios.edapReduction).toBeGreaterThanOrEqual(row.requestedRatio);
      const ideal = evaluate(s.model, evalSet).accuracy;
      expect(row.ideal.accuracy).toBe(ideal);
      expect(row.deltaPt).toBeCloseTo(100 * (ideal - m.baseline.ideal.accuracy), 12);
      const ni = evaluateNonideal(s.model, nonidealSet, { preset: "fefet", seeds: [0, 1] });
      expect(row.nonideal).toMatchObject({ design: "fefet", examples: 12, values: ni.values, mean: ni.mean, std: ni.std, seeds: [0, 1], mcc: null });
    }

    const md = studyMarkdown(r, "trex study …");
    // A header, a separator, the unmodified row and one row per ratio.
    expect(md.split("\n").filter((l) => l.startsWith("| tiny |")).length).toBe(1 + ratios.length);
    expect(md).toContain(m.rows[2].search.pattern.encoders.join(","));
  });

  it("refuses an unreachable ratio before any search runs", async () => {
    await expect(runStudy({ models: [model], ratios: [1e9], preset, search, nonideal: null })).rejects.toThrow(SearchOptionError);
    await expect(runStudy({ models: [model], ratios: [], preset, search, nonideal: null })).rejects.toThrow(/at least one EDAP ratio/);
  });
});
