import { costSpec, getPreset } from "@trex/hw";
import { createModel } from "@trex/models";
import { describe, expect, it } from "vitest";
import { allPlacements, chooseReuseCount, delayTargetForEdapRatio, reuseCountCosts, SearchOptionError, trexTransformSpec } from "../index.js";

// Expectations come from @trex/hw directly (every placement priced one by one), never from constants: the
// hardware model may be recalibrated.
const preset = getPreset("fefet-32nm");
const spec = createModel("deit-fmnist", { dim: 16, heads: 2, depth: 5, mlpRatio: 2, seed: 4 }).spec();
const base = costSpec(spec, preset, { layers: false });
const price = (reuse: readonly number[]) =>
  costSpec(trexTransformSpec(spec, { reuse, chain: "nearest-computed", tbInit: "small" }), preset, { layers: false });
// Independent: the lowest-delay placement of each count over all C(depth−1, r) placements.
const bestOf = (r: number) => {
  const all = allPlacements(5, r).map((p) => ({ p, c: price(p) }));
  const min = Math.min(...all.map((x) => x.c.delay_ms));
  return all.find((x) => x.c.delay_ms === min)!.c;
};
const reduction = (r: number) => (r === 0 ? 1 : base.edap / bestOf(r).edap);

describe("delay target from a requested EDAP reduction", () => {
  it("prices the lowest-delay pattern of every count; reductions grow with the count", () => {
    const counts = reuseCountCosts(spec, preset);
    expect(counts.map((c) => c.count)).toEqual([0, 1, 2, 3, 4]);
    for (const c of counts) {
      expect(c.edapReduction).toBeCloseTo(reduction(c.count), 10);
      if (c.count > 0) expect(c.delay_ms).toBeCloseTo(bestOf(c.count).delay_ms, 12);
      expect(c.reachable).toBe(true);
    }
    for (let r = 1; r < counts.length; r++) expect(counts[r].edapReduction).toBeGreaterThan(counts[r - 1].edapReduction);
  });

  it("at-least: the fewest reusing encoders that reach the ratio; the target selects exactly that count", () => {
    const [r2, r3] = [reduction(2), reduction(3)];
    // Just above count 2's reduction needs 3; exactly count 2's reduction is met by 2.
    for (const [ratio, expected] of [
      [r2 * 1.0001, 3],
      [r2, 2],
      [(r2 + r3) / 2, 3],
      [1, 0],
    ] as const) {
      const t = delayTargetForEdapRatio(spec, preset, ratio);
      expect(t.reuseCount).toBe(expected);
      expect(t.edapReduction).toBeGreaterThanOrEqual(ratio);
      expect(t.delayTargetMs).toBeCloseTo(expected === 0 ? base.delay_ms : bestOf(expected).delay_ms, 12);
      // The derived target fed to §3 step 1 gives back the same N_reuse.
      expect(chooseReuseCount(spec, preset, t.delayTargetMs).reuseCount).toBe(expected);
    }
  });

  it("nearest: the count whose reduction is nearest on a log scale", () => {
    const [r2, r3] = [reduction(2), reduction(3)];
    const geometricMid = Math.sqrt(r2 * r3);
    expect(delayTargetForEdapRatio(spec, preset, geometricMid * 0.999, { match: "nearest" }).reuseCount).toBe(2);
    expect(delayTargetForEdapRatio(spec, preset, geometricMid * 1.001, { match: "nearest" }).reuseCount).toBe(3);
    // Far beyond the largest count, nearest still answers with the largest.
    expect(delayTargetForEdapRatio(spec, preset, reduction(4) * 100, { match: "nearest" }).reuseCount).toBe(4);
  });

  it("refuses a ratio below 1 and, under at-least, one no count reaches (naming the most it can)", () => {
    expect(() => delayTargetForEdapRatio(spec, preset, 0.5)).toThrow(SearchOptionError);
    expect(() => delayTargetForEdapRatio(spec, preset, Number.NaN)).toThrow(/must be a number >= 1/);
    const top = reduction(4);
    expect(() => delayTargetForEdapRatio(spec, preset, top * 1.01)).toThrow(new RegExp(`the most is ${top.toFixed(3)}× \\(4 reusing encoders\\)`));
  });
});
