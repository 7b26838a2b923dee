import { describe, expect, it } from "vitest";
import { allPlacements, binomial, continuousPattern, PatternError, pyramidPattern, stridedPattern, uniformPatterns } from "../index.js";

// Independent classifiers of a sorted set of encoders, straight from the README definitions.
const gaps = (s: number[]) => s.slice(1).map((e, i) => e - s[i]);
const isContinuous = (s: number[]) => gaps(s).every((g) => g === 1);
const isStrided = (s: number[]) => s.length >= 2 && gaps(s).every((g) => g === gaps(s)[0]) && gaps(s)[0] >= 2;
function isPyramid(s: number[]): boolean {
  const r = s.length;
  for (let nCont = 2; nCont <= r - 2; nCont++) {
    const head = Math.floor((r - nCont) / 2);
    const g = gaps(s);
    const sl = g[0];
    if (sl < 2) continue;
    // head strided gaps, then a gap SL into the run, run gaps of 1, a gap SL out of it, tail gaps SL.
    const expected = [...Array(head - 1).fill(sl), sl, ...Array(nCont - 1).fill(1), sl, ...Array(r - nCont - head - 1).fill(sl)];
    if (expected.length === g.length && expected.every((x, i) => x === g[i])) return true;
  }
  return false;
}

describe("uniform reuse patterns", () => {
  it("agree with a brute-force classification of every placement (counts per family)", () => {
    for (const n of [4, 6, 8, 12, 16]) {
      for (let r = 1; r <= n - 1; r++) {
        const all = allPlacements(n, r);
        expect(all.length).toBe(binomial(n - 1, r));
        const expected = { continuous: 0, strided: 0, pyramid: 0 };
        for (const s of all) {
          if (isContinuous(s)) expected.continuous++;
          else if (isStrided(s)) expected.strided++;
          else if (isPyramid(s)) expected.pyramid++;
        }
        const got = { continuous: 0, strided: 0, pyramid: 0 };
        const seen = new Set<string>();
        for (const p of uniformPatterns(n, r)) {
          got[p.family]++;
          expect(p.encoders.length).toBe(r);
          expect(p.encoders[0]).toBeGreaterThanOrEqual(2);
          expect(p.encoders[r - 1]).toBeLessThanOrEqual(n);
          seen.add(p.encoders.join(","));
        }
        expect(got, `n=${n} r=${r}`).toEqual(expected);
        expect(seen.size).toBe(uniformPatterns(n, r).length);
      }
    }
  });

  it("has the hand-counted sizes for 12 encoders, 5 reusing: 462 placements, 7 + 3 + 14 = 24 uniform", () => {
    expect(allPlacements(12, 5).length).toBe(462);
    const u = uniformPatterns(12, 5);
    expect(u.filter((p) => p.family === "continuous").length).toBe(7); // s = 2..8
    expect(u.filter((p) => p.family === "strided").length).toBe(3); // SL 2, s = 2..4
    // pyramid: N_cont 2 → span 3·SL+1: SL 2 → 4 starts, SL 3 → 1; N_cont 3 → span 2·SL+2: SL 2 → 5, 3 → 3, 4 → 1.
    expect(u.filter((p) => p.family === "pyramid").length).toBe(14);
  });

  it("builds the defined sets", () => {
    expect(continuousPattern(12, 3, 5)).toEqual([5, 6, 7]);
    expect(stridedPattern(12, 3, 4, 2)).toEqual([4, 6, 8]);
    expect(stridedPattern(12, 3, 8, 3)).toBeNull();
    expect(pyramidPattern(12, 5, 2, 2, 2)).toEqual([2, 4, 5, 7, 9]);
    expect(pyramidPattern(12, 6, 2, 3, 2)).toBeNull(); // would end at 15
    expect(pyramidPattern(16, 6, 2, 3, 2)).toEqual([2, 5, 8, 9, 12, 15]);
    expect(uniformPatterns(12, 0)).toEqual([{ family: "continuous", encoders: [], start: 0, stride: 1, label: "none" }]);
  });

  it("never lets encoder 1 reuse and refuses impossible counts", () => {
    for (const s of allPlacements(6, 3)) expect(s).not.toContain(1);
    expect(continuousPattern(12, 2, 1)).toBeNull();
    expect(() => uniformPatterns(12, 12)).toThrow(PatternError);
    expect(() => uniformPatterns(12, 12)).toThrow(/encoder 1 never/);
    expect(() => stridedPattern(12, 3, 2, 1)).toThrow(/SL >= 2/);
    expect(() => pyramidPattern(12, 4, 2, 2, 3)).toThrow(/run of 2..2/);
  });
});
