// The write schedule on hand-worked groups (µs): Kᵀ-like operand 64 rows, V-like 197 rows at 3.3 µs/row.
import { describe, expect, it } from "vitest";
import { scheduleGroup } from "../write-schedule.js";

// qk (writes Kᵀ: 64 · 3.3 = 211.2), softmax (no write), sv (writes V: 197 · 3.3 = 650.1)
const group = (qk: number, softmax: number, sv: number) => [
  { compute: qk, write: 211.2 },
  { compute: softmax, write: 0 },
  { compute: sv, write: 650.1 },
];

describe("scheduleGroup", () => {
  it("overlap: QKᵀ and softmax run under V's write when they fit", () => {
    // qk ends at 211.2 + 30 = 241.2, softmax at 341.2 < 650.1: hidden; then sv: 650.1 + 30
    const s = scheduleGroup(group(30, 100, 30), "overlap");
    expect(s.length).toBeCloseTo(680.1, 9);
    expect(s.writeCharge).toEqual([0, 0, 650.1]);
    expect(s.visible).toEqual([false, false, true]);
  });

  it("overlap: a softmax longer than V's write puts Kᵀ's write back on the critical path", () => {
    // qk ends at 241.2, softmax at 741.2 > 650.1, so sv starts at 741.2: 211.2 + 30 + 500 + 30 = 771.2
    const s = scheduleGroup(group(30, 500, 30), "overlap");
    expect(s.length).toBeCloseTo(771.2, 9);
    expect(s.writeCharge).toEqual([211.2, 0, 0]);
    expect(s.visible).toEqual([true, true, true]);
  });

  it("phase and serial", () => {
    const p = scheduleGroup(group(30, 100, 30), "phase");
    expect(p.length).toBeCloseTo(650.1 + 160, 9);
    expect(p.writeCharge).toEqual([650.1, 0, 0]);
    const s = scheduleGroup(group(30, 100, 30), "serial");
    expect(s.length).toBeCloseTo(211.2 + 650.1 + 160, 9);
    expect(s.writeCharge).toEqual([211.2, 0, 650.1]);
  });

  it("length is the charged writes plus the visible compute", () => {
    for (const seq of ["overlap", "phase", "serial"] as const) {
      for (const sm of [0, 100, 500, 2000]) {
        const ops = group(30, sm, 30);
        const s = scheduleGroup(ops, seq);
        const visible = ops.reduce((a, o, i) => a + (s.visible[i] ? o.compute : 0), 0);
        expect(s.length).toBeCloseTo(s.writeCharge.reduce((a, w) => a + w, 0) + visible, 9);
      }
    }
  });
});
