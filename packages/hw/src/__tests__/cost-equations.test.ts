// Every equation against numbers worked out by hand on the toy preset (helpers.ts):
// 4×4 crossbars, 2 crossbars/PE, 2 PEs/tile (4 per tile), 4-bit weights on 2-bit cells (2 slices),
// E_R 1 pJ, E_W 10 pJ/row, D_R 1 µs, D_W 100 µs/row, A_X 1 mm², cycle 1 µs, e_op 2 pJ, buffer 3 pJ/B
// at 2 B/cycle, tile periphery 0.5 mm², read split array .4 / dac .1 / adc .3 / shift-add .2.
import { describe, expect, it } from "vitest";
import { costWorkload } from "../cost.js";
import type { CategoryValues } from "../cost-types.js";
import type { WorkloadOp } from "../ops.js";
import { toyPreset } from "./helpers.js";

const at = { block: 0, component: "mlp" as const };
const total = (v: CategoryValues) => Object.values(v).reduce((s, x) => s + x, 0);
const layer = (ops: WorkloadOp[], preset = toyPreset()) => costWorkload({ ops }, preset);

describe("cost equations (hand-computed)", () => {
  it("static product: N_X = ceil(6/4)·ceil(5/4)·2 = 8; 3 vectors", () => {
    const r = layer([{ ...at, kind: "static", name: "w", in: 6, out: 5, tokens: 3, weightGroup: "w" }]);
    const l = r.layers![0];
    // read energy 3·8·1 pJ = 24 pJ split .4/.1/.3/.2; buffers 3·(6+5) B · 3 pJ = 99 pJ
    expect(l.energy_mJ.crossbarRead * 1e9).toBeCloseTo(9.6, 9);
    expect(l.energy_mJ.dac * 1e9).toBeCloseTo(2.4, 9);
    expect(l.energy_mJ.adc * 1e9).toBeCloseTo(7.2, 9);
    expect(l.energy_mJ.shiftAdd * 1e9).toBeCloseTo(4.8, 9);
    expect(l.energy_mJ.buffers * 1e9).toBeCloseTo(99, 9);
    // read delay 3 vectors · 1 µs · min(2 per PE, 8) = 6 µs; buffers 33 B / 2 B per cycle · 1 µs = 16.5 µs
    expect(total(l.delay_ms) * 1e3).toBeCloseTo(6 + 16.5, 9);
    // 8 crossbars → 2 tiles of 4: 8 mm² of crossbars + 2 · 0.5 mm² periphery
    expect(l.crossbars).toBe(8);
    expect(total(l.area_mm2)).toBeCloseTo(9, 12);
    expect(l.area_mm2.adc).toBeCloseTo(2.4, 12);
    expect(r.macs).toBe(90);
  });

  it("tile granularity: 5 crossbars occupy 2 whole tiles", () => {
    // in 4, out 10 → 1 · 3 · 2 = 6 crossbars → 2 tiles (8 crossbars)
    const r = layer([{ ...at, kind: "static", name: "w", in: 4, out: 10, tokens: 1, weightGroup: "w" }]);
    expect(r.crossbars).toBe(8);
    expect(r.tiles).toBe(2);
  });

  it("dynamic product: writes row by row, heads in parallel", () => {
    const op: WorkloadOp = { ...at, component: "attention", kind: "dynamic", name: "qk", m: 3, k: 5, n: 6, batch: 2, written: { rows: 5, cols: 6 } };
    const l = layer([op]).layers![0];
    // per head: ceil(5/4)=2 row blocks · ceil(6/4)=2 col blocks · 2 slices = 8 crossbars
    // reads 2 heads · 3 vectors · 8 · 1 pJ = 48 pJ; writes 2 · 5 rows · 2 col blocks · 2 slices · 10 pJ = 400 pJ
    expect((l.energy_mJ.crossbarRead + l.energy_mJ.dac + l.energy_mJ.adc + l.energy_mJ.shiftAdd) * 1e9).toBeCloseTo(48, 9);
    expect(l.energy_mJ.crossbarWrite * 1e9).toBeCloseTo(400, 9);
    // write 5 rows · 100 µs = 500 µs; read 3 · 1 µs · min(2, 8) = 6 µs; buffers 2·(15+18+30) B / 2 = 63 µs
    expect(l.delay_ms.crossbarWrite * 1e3).toBeCloseTo(500, 9);
    expect(total(l.delay_ms) * 1e3).toBeCloseTo(500 + 6 + 63, 9);
    // 16 crossbars = 4 tiles: 16 mm² + 2 mm² periphery
    expect(total(l.area_mm2)).toBeCloseTo(18, 12);
  });

  it("write sequencing: a phase lasts the longest operand; serial writes add up", () => {
    const ops: WorkloadOp[] = [
      { ...at, kind: "dynamic", name: "a", m: 1, k: 2, n: 4, batch: 1, written: { rows: 2, cols: 4 } },
      { ...at, kind: "dynamic", name: "b", m: 1, k: 7, n: 4, batch: 1, written: { rows: 7, cols: 4 } },
    ];
    expect(layer(ops).breakdown.delay_ms.crossbarWrite * 1e3).toBeCloseTo(700, 9);
    expect(layer(ops, toyPreset({ writes: { sequencing: "serial", contention: 0 } })).breakdown.delay_ms.crossbarWrite * 1e3).toBeCloseTo(900, 9);
    // Blocks are separate phases.
    const twoBlocks: WorkloadOp[] = [ops[0], { ...ops[1], block: 1 }];
    expect(layer(twoBlocks).breakdown.delay_ms.crossbarWrite * 1e3).toBeCloseTo(900, 9);
  });

  it("write sequencing 'overlap': products wait only for their own operand; the last wait starts the critical path", () => {
    // a: (1×2)·(2×4), writes 2 rows = 200 µs; own time: read 1 · 1 µs · min(2, 1·1·2 = 2) = 2 µs
    //    + buffers (1·2 + 1·4 + 2·4) = 14 B / 2 = 7 µs → 9 µs
    // s: softmax 1·4 elements · 3 cycles · 1 µs = 12 µs
    // b: (1×7)·(7×4), writes 7 rows = 700 µs; own: read 1 · min(2, 2·1·2 = 4) = 2 µs + (7 + 4 + 28) B / 2 = 19.5 µs → 21.5 µs
    const a: WorkloadOp = { ...at, kind: "dynamic", name: "a", m: 1, k: 2, n: 4, batch: 1, written: { rows: 2, cols: 4 } };
    const s: WorkloadOp = { ...at, kind: "softmax", name: "s", heads: 1, rows: 1, cols: 4 };
    const b: WorkloadOp = { ...at, kind: "dynamic", name: "b", m: 1, k: 7, n: 4, batch: 1, written: { rows: 7, cols: 4 } };
    const overlap = toyPreset({ writes: { sequencing: "overlap", contention: 0 } });
    // both written from t = 0; a waits to 200, runs to 209; s runs to 221; b waits to 700 (a and s
    // hidden), runs to 721.5 µs: the delay is b's write + b's own time
    const r = layer([a, s, b], overlap);
    expect(r.delay_ms * 1e3).toBeCloseTo(700 + 21.5, 9);
    expect(r.breakdown.delay_ms.crossbarWrite * 1e3).toBeCloseTo(700, 9);
    expect(r.breakdown.delay_ms.softmax).toBe(0);
    const [la, ls, lb] = r.layers!;
    expect(total(la.delay_ms)).toBe(0);
    expect(la.busy_ms * 1e3).toBeCloseTo(200 + 9, 9);
    expect(ls.busy_ms * 1e3).toBeCloseTo(12, 9);
    expect(total(lb.delay_ms) * 1e3).toBeCloseTo(721.5, 9);
    // phase: 700 + 9 + 12 + 21.5 = 742.5 µs; serial: 200 + 700 + 42.5 = 942.5 µs
    expect(layer([a, s, b]).delay_ms * 1e3).toBeCloseTo(742.5, 9);
    expect(layer([a, s, b], toyPreset({ writes: { sequencing: "serial", contention: 0 } })).delay_ms * 1e3).toBeCloseTo(942.5, 9);
    // b2 writes 1 row (100 µs) and is ready before it is needed (221 µs): a's wait starts the critical
    // path, nothing is hidden: 200 + 9 + 12 + (2 + (1 + 4 + 4) B / 2 = 6.5) = 227.5 µs
    const b2: WorkloadOp = { ...b, name: "b2", k: 1, written: { rows: 1, cols: 4 } };
    const r2 = layer([a, s, b2], overlap);
    expect(r2.delay_ms * 1e3).toBeCloseTo(227.5, 9);
    expect(r2.breakdown.delay_ms.crossbarWrite * 1e3).toBeCloseTo(200, 9);
    // a static product ends a write group: b's write cannot start before w has produced its operand
    const w: WorkloadOp = { ...at, kind: "static", name: "w", in: 6, out: 5, tokens: 3, weightGroup: "w" };
    expect(layer([a, w, b], overlap).breakdown.delay_ms.crossbarWrite * 1e3).toBeCloseTo(900, 9);
  });

  it("write contention: concurrent operands slow each other by c per shared row (T_i = w_i + c·Σ min(w_i, w_j))", () => {
    // Same a (2 rows, 200 µs alone; own time 9 µs), s (12 µs), b (7 rows, 700 µs alone; own 21.5 µs) as above.
    const a: WorkloadOp = { ...at, kind: "dynamic", name: "a", m: 1, k: 2, n: 4, batch: 1, written: { rows: 2, cols: 4 } };
    const s: WorkloadOp = { ...at, kind: "softmax", name: "s", heads: 1, rows: 1, cols: 4 };
    const b: WorkloadOp = { ...at, kind: "dynamic", name: "b", m: 1, k: 7, n: 4, batch: 1, written: { rows: 7, cols: 4 } };
    const c = (sequencing: "overlap" | "phase" | "serial", contention: number) => toyPreset({ writes: { sequencing, contention } });
    // c = 0.5: while both are written each row takes 1.5 · 100 µs. a's 2 rows end at 300 µs (b has
    // written 2 rows by then); b's other 5 rows take 500 µs alone: b ends at 800 = 700 + 0.5·200.
    // overlap: a waits to 300, runs to 309, s to 321 (hidden); b waits to 800, runs to 821.5 µs.
    const r = layer([a, s, b], c("overlap", 0.5));
    expect(r.delay_ms * 1e3).toBeCloseTo(800 + 21.5, 9);
    expect(r.breakdown.delay_ms.crossbarWrite * 1e3).toBeCloseTo(800, 9);
    // phase: the phase lasts until the last operand is written (800), then 9 + 12 + 21.5 = 842.5 µs
    expect(layer([a, s, b], c("phase", 0.5)).delay_ms * 1e3).toBeCloseTo(842.5, 9);
    // serial writes one operand at a time: no contention, 200 + 700 + 42.5 = 942.5 µs as with c = 0
    expect(layer([a, s, b], c("serial", 0.5)).delay_ms * 1e3).toBeCloseTo(942.5, 9);
    // c = 1 (one shared port, rows interleaved): a ends at 400, b at 900 = 200 + 700, the serial
    // write total; overlap still hides a and s under b's write: 900 + 21.5 = 921.5 µs
    const one = layer([a, s, b], c("overlap", 1));
    expect(one.breakdown.delay_ms.crossbarWrite * 1e3).toBeCloseTo(900, 9);
    expect(one.delay_ms * 1e3).toBeCloseTo(921.5, 9);
    // Write energy does not depend on how writes are sequenced: (2 + 7) rows · 2 slices · 10 pJ = 180 pJ
    expect(one.breakdown.energy_mJ.crossbarWrite * 1e9).toBeCloseTo(180, 9);
    expect(r.breakdown.energy_mJ.crossbarWrite * 1e9).toBeCloseTo(180, 9);
    // b2 (1 row, 100 µs alone), c = 0.5: b2 ends at 100 + 0.5·100 = 150, a at 200 + 0.5·100 = 250;
    // a waits to 250, runs to 259, s to 271; b2 is ready, runs 6.5 µs: 277.5 µs, 250 µs of it writing
    const b2: WorkloadOp = { ...b, name: "b2", k: 1, written: { rows: 1, cols: 4 } };
    const r2 = layer([a, s, b2], c("overlap", 0.5));
    expect(r2.delay_ms * 1e3).toBeCloseTo(277.5, 9);
    expect(r2.breakdown.delay_ms.crossbarWrite * 1e3).toBeCloseTo(250, 9);
  });

  it("softmax: E = N_H·t_r·t_c·3·e_op, D = t_r·t_c·3·cycle, one unit per head", () => {
    const l = layer([{ ...at, kind: "softmax", name: "s", heads: 3, rows: 5, cols: 4 }]).layers![0];
    expect(l.energy_mJ.softmax * 1e9).toBeCloseTo(3 * 20 * 3 * 2, 9);
    expect(l.delay_ms.softmax * 1e3).toBeCloseTo(20 * 3, 9);
    expect(l.area_mm2.softmax).toBeCloseTo(0.75, 12);
  });

  it("layernorm and element-wise ops run `lanes` wide", () => {
    const r = layer([
      { ...at, kind: "layernorm", name: "n", tokens: 3, dim: 3 },
      { ...at, kind: "elementwise", fn: "gelu", name: "g", n: 10 },
    ]);
    const [ln, g, chip] = r.layers!;
    expect(ln.energy_mJ.layernorm * 1e9).toBeCloseTo(9 * 4 * 2, 9);
    expect(ln.delay_ms.layernorm * 1e3).toBeCloseTo(Math.ceil(9 / 4) * 4, 9);
    expect(g.energy_mJ.other * 1e9).toBeCloseTo(20, 9);
    expect(g.delay_ms.other * 1e3).toBeCloseTo(3, 9);
    expect(chip.name).toBe("chip");
    expect(total(chip.area_mm2)).toBeCloseTo(0.125 + 2, 12);
  });

  it("weight sharing: one group placed once, read every time", () => {
    const op: WorkloadOp = { ...at, kind: "static", name: "w", in: 6, out: 5, tokens: 3, weightGroup: "shared" };
    const shared = layer([op, { ...op, block: 1 }]);
    const own = layer([op, { ...op, block: 1, weightGroup: "other" }]);
    expect(shared.crossbars).toBe(8);
    expect(own.crossbars).toBe(16);
    expect(shared.breakdown.energy_mJ.crossbarRead).toBeCloseTo(own.breakdown.energy_mJ.crossbarRead, 15);
    expect(shared.delay_ms).toBeCloseTo(own.delay_ms, 12);
  });

  it("ADC energy and area scale as 2^(adcBits − reference); input bits scale reads linearly", () => {
    const op: WorkloadOp = { ...at, kind: "static", name: "w", in: 6, out: 5, tokens: 3, weightGroup: "w" };
    const base = toyPreset();
    const adc7 = layer([op], toyPreset({ precision: { ...base.precision, adcBits: 7 } })).layers![0];
    expect(adc7.energy_mJ.adc * 1e9).toBeCloseTo(14.4, 9);
    expect(adc7.area_mm2.adc).toBeCloseTo(4.8, 12);
    const in4 = layer([op], toyPreset({ precision: { ...base.precision, inputBits: 4 } })).layers![0];
    expect(in4.energy_mJ.crossbarRead * 1e9).toBeCloseTo(4.8, 9);
  });

  it("metrics: EDAP = E·D·A, TOPS/W = ops/E, TOPS/mm² = ops/(D·A)", () => {
    const r = layer([{ ...at, kind: "static", name: "w", in: 6, out: 5, tokens: 3, weightGroup: "w" }]);
    // E = 24 + 99 pJ; D = 22.5 µs; A = 9 + 2.125 mm² (chip units)
    const E = 123e-12;
    const D = 22.5e-6;
    const A = 11.125;
    expect(r.energy_mJ).toBeCloseTo(E * 1e3, 15);
    expect(r.delay_ms).toBeCloseTo(D * 1e3, 12);
    expect(r.area_mm2).toBeCloseTo(A, 12);
    expect(r.edap).toBeCloseTo(E * 1e3 * D * 1e3 * A, 15);
    expect(r.tops_per_w).toBeCloseTo(90 / E / 1e12, 9);
    expect(r.tops_per_mm2).toBeCloseTo(90 / D / A / 1e12, 12);
    expect(r.throughput_per_s).toBeCloseTo(1 / D, 6);
  });

  it("breakdowns add up to the totals", () => {
    const r = layer([
      { ...at, kind: "static", name: "w", in: 6, out: 5, tokens: 3, weightGroup: "w" },
      { ...at, kind: "dynamic", name: "b", m: 1, k: 7, n: 4, batch: 1, written: { rows: 7, cols: 4 } },
      { ...at, kind: "softmax", name: "s", heads: 3, rows: 5, cols: 4 },
    ]);
    expect(total(r.breakdown.energy_mJ)).toBeCloseTo(r.energy_mJ, 15);
    expect(total(r.breakdown.delay_ms)).toBeCloseTo(r.delay_ms, 12);
    expect(total(r.breakdown.area_mm2)).toBeCloseTo(r.area_mm2, 12);
    const comps = Object.values(r.breakdown.components);
    expect(comps.reduce((s, c) => s + c.energy_mJ, 0)).toBeCloseTo(r.energy_mJ, 15);
    expect(comps.reduce((s, c) => s + c.edapShare, 0)).toBeCloseTo(1, 12);
    const layersE = r.layers!.reduce((s, l) => s + total(l.energy_mJ), 0);
    expect(layersE).toBeCloseTo(r.energy_mJ, 15);
  });

  it("a hand-made workload with an unknown component or kind is refused", () => {
    const op = { ...at, kind: "elementwise", fn: "add", name: "x", n: 1 } as WorkloadOp;
    expect(() => layer([{ ...op, component: "decoder" } as unknown as WorkloadOp])).toThrow(/unknown component "decoder"/);
    expect(() => layer([{ ...op, kind: "fft" } as unknown as WorkloadOp])).toThrow(/unknown kind "fft"/);
  });
});
