import { describe, expect, it } from "vitest";
import { accuracy, confusionMatrix, mcc } from "../metrics.js";

/** Expands a binary confusion matrix into (pred, gold) arrays. */
function fromCounts(tp: number, tn: number, fp: number, fn: number): [number[], number[]] {
  const pred: number[] = [];
  const gold: number[] = [];
  const add = (n: number, p: number, g: number) => {
    for (let i = 0; i < n; i++) {
      pred.push(p);
      gold.push(g);
    }
  };
  add(tp, 1, 1);
  add(tn, 0, 0);
  add(fp, 1, 0);
  add(fn, 0, 1);
  return [pred, gold];
}

describe("accuracy", () => {
  it("counts matches", () => {
    expect(accuracy([1, 0, 1, 1], [1, 1, 1, 0])).toBe(0.5);
    expect(() => accuracy([1], [1, 0])).toThrow(/differ in length/);
    expect(() => accuracy([], [])).toThrow(/at least one/);
  });
});

describe("mcc", () => {
  it("hand-computed binary cases", () => {
    // tp 6, tn 3, fp 1, fn 2: (18 − 2)/√(7·8·4·5) = 16/√1120
    expect(mcc(...fromCounts(6, 3, 1, 2))).toBeCloseTo(16 / Math.sqrt(1120), 12);
    expect(mcc(...fromCounts(6, 3, 1, 2))).toBeCloseTo(0.478091, 6);
    // tp 1, tn 1, fp 1, fn 1: 0
    expect(mcc(...fromCounts(1, 1, 1, 1))).toBe(0);
    expect(mcc(...fromCounts(5, 5, 0, 0))).toBe(1);
    expect(mcc(...fromCounts(0, 0, 4, 6))).toBe(-1);
  });

  it("degenerate matrices give 0 (scikit-learn's convention)", () => {
    expect(mcc(...fromCounts(7, 0, 3, 0))).toBe(0); // always predicts 1
    expect(mcc(...fromCounts(0, 4, 0, 6))).toBe(0); // always predicts 0
    expect(mcc(...fromCounts(5, 0, 0, 0))).toBe(0); // one class only, all right
    expect(mcc([1], [1])).toBe(0);
  });

  it("multi-class (Gorodkin) hand case", () => {
    // m = [[1,1,0],[0,2,0],[1,0,1]]: c=4, s=6, t=(2,2,2), p=(2,3,1)
    // (4·6 − 12)/√((36 − 14)(36 − 12)) = 12/√528
    const gold = [0, 0, 1, 1, 2, 2];
    const pred = [0, 1, 1, 1, 2, 0];
    expect(confusionMatrix(pred, gold)).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
    expect(mcc(pred, gold)).toBeCloseTo(12 / Math.sqrt(528), 12);
    expect(() => confusionMatrix([0, 3], [0, 1], 2)).toThrow(/class ids must be integers in 0\.\.1/);
  });
});
