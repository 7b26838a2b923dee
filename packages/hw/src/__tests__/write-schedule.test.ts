// The write schedule on hand-worked groups (µs): Kᵀ-like operand 64 rows, V-like 197 rows at 3.3 µs/row.
import { describe, expect, it } from "vitest";
import { scheduleGroup } from "../write-schedule.js";

// qk (writes Kᵀ: 64 · 3.3 = 211.2), softmax (no write), sv (writes V: 197 · 3.3 = 650.1)
const group = (qk: number, softmax: number, sv: number) => [
  { compute: qk, write: 211.2 },
  { compute: softmax, write: 0 },
  { compute: sv, write: 650.1 },
];

/**
 * Reference for write contention, by a different route than the closed form: simulate the shared
 * port stage by stage. While k operands are still being written each row takes (1 + c·(k − 1)) times
 * its time alone; a stage ends when the operand with the least work left finishes.
 */
function simulateWriteEnds(writes: number[], c: number): number[] {
  const left = writes.slice();
  const end = writes.map(() => 0);
  let t = 0;
  for (;;) {
    const active = left.map((w, i) => [w, i] as const).filter(([w]) => w > 0);
    if (active.length === 0) return end;
    const step = Math.min(...active.map(([w]) => w));
    t += step * (1 + c * (active.length - 1));
    for (const [, i] of active) {
      left[i] -= step;
      if (left[i] <= 1e-12) {
        left[i] = 0;
        end[i] = t;
      }
    }
  }
}

/** Seeded LCG (Numerical Recipes constants): every draw reproducible. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("scheduleGroup", () => {
  it("overlap: QKᵀ and softmax run under V's write when they fit", () => {
    // qk ends at 211.2 + 30 = 241.2, softmax at 341.2 < 650.1: hidden; then sv: 650.1 + 30
    const s = scheduleGroup(group(30, 100, 30), "overlap", 0);
    expect(s.length).toBeCloseTo(680.1, 9);
    expect(s.writeCharge).toEqual([0, 0, 650.1]);
    expect(s.visible).toEqual([false, false, true]);
  });

  it("overlap: a softmax longer than V's write puts Kᵀ's write back on the critical path", () => {
    // qk ends at 241.2, softmax at 741.2 > 650.1, so sv starts at 741.2: 211.2 + 30 + 500 + 30 = 771.2
    const s = scheduleGroup(group(30, 500, 30), "overlap", 0);
    expect(s.length).toBeCloseTo(771.2, 9);
    expect(s.writeCharge).toEqual([211.2, 0, 0]);
    expect(s.visible).toEqual([true, true, true]);
  });

  it("overlap with contention 0.25: Kᵀ ends at 1.25 · 211.2 = 264, V at 650.1 + 0.25 · 211.2 = 702.9", () => {
    // qk 264 + 30 = 294, softmax to 394 < 702.9: hidden; sv 702.9 + 30 = 732.9
    const s = scheduleGroup(group(30, 100, 30), "overlap", 0.25);
    expect(s.length).toBeCloseTo(732.9, 9);
    expect(s.writeCharge[2]).toBeCloseTo(702.9, 9);
    expect(s.visible).toEqual([false, false, true]);
    // softmax 450: qk ends 294, softmax 744 > 702.9, so Kᵀ's contended write starts the critical
    // path: 264 + 30 + 450 + 30 = 774
    const k = scheduleGroup(group(30, 450, 30), "overlap", 0.25);
    expect(k.length).toBeCloseTo(774, 9);
    expect(k.writeCharge[0]).toBeCloseTo(264, 9);
    expect(k.visible).toEqual([true, true, true]);
  });

  it("contention 1 = one shared port: the last operand ends at the sum of the writes", () => {
    // Kᵀ's rows interleave with V's first 64: Kᵀ ends at 2 · 211.2 = 422.4, V at 211.2 + 650.1 = 861.3
    const s = scheduleGroup(group(30, 100, 30), "overlap", 1);
    expect(s.writeCharge[2]).toBeCloseTo(861.3, 9);
    expect(s.length).toBeCloseTo(891.3, 9);
    // phase waits for the last operand too: 861.3 + 30 + 100 + 30
    expect(scheduleGroup(group(30, 100, 30), "phase", 1).length).toBeCloseTo(1021.3, 9);
  });

  it("the closed form T_i = w_i + c·Σ min(w_i, w_j) matches a stage-by-stage simulation of the shared port", () => {
    const rand = lcg(20261204);
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + Math.floor(rand() * 4);
      const c = rand();
      const ops = Array.from({ length: n }, () => ({ compute: 0, write: rand() < 0.2 ? 0 : 1 + Math.floor(rand() * 300) }));
      if (ops.every((o) => o.write === 0)) ops[0].write = 50;
      const ends = simulateWriteEnds(
        ops.map((o) => o.write),
        c,
      );
      // with no compute, phase lasts until the last operand is written
      expect(scheduleGroup(ops, "phase", c).length).toBeCloseTo(Math.max(...ends), 9);
      // and overlap (products take no time) ends with the last write as well
      expect(scheduleGroup(ops, "overlap", c).length).toBeCloseTo(Math.max(...ends), 9);
    }
    // three operands 100, 200, 300 µs, c = 0.5 by hand: stage 1, three writing, 100 · 2 = 200;
    // stage 2, two writing, 100 · 1.5 = 150 → 350; stage 3, 100 alone → 450
    expect(simulateWriteEnds([100, 200, 300], 0.5)).toEqual([200, 350, 450]);
  });

  it("phase and serial", () => {
    const p = scheduleGroup(group(30, 100, 30), "phase", 0);
    expect(p.length).toBeCloseTo(650.1 + 160, 9);
    expect(p.writeCharge).toEqual([650.1, 0, 0]);
    // serial writes one operand at a time, so contention changes nothing
    for (const c of [0, 0.5, 1]) {
      const s = scheduleGroup(group(30, 100, 30), "serial", c);
      expect(s.length).toBeCloseTo(211.2 + 650.1 + 160, 9);
      expect(s.writeCharge).toEqual([211.2, 0, 650.1]);
    }
  });

  it("length is the charged writes plus the visible compute", () => {
    for (const seq of ["overlap", "phase", "serial"] as const) {
      for (const c of [0, 0.3, 1]) {
        for (const sm of [0, 100, 500, 2000]) {
          const ops = group(30, sm, 30);
          const s = scheduleGroup(ops, seq, c);
          const visible = ops.reduce((a, o, i) => a + (s.visible[i] ? o.compute : 0), 0);
          expect(s.length).toBeCloseTo(s.writeCharge.reduce((a, w) => a + w, 0) + visible, 9);
        }
      }
    }
  });
});
