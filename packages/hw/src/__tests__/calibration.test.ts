// The one published point (TReX: unmodified DeiT-S, 224×224, FeFET) is the reference here.
import { describe, expect, it } from "vitest";
import { architectureSpec } from "../architectures.js";
import { calibrationTarget, fitCalibration, publishedDeitS } from "../calibrate.js";
import { costSpec } from "../cost.js";
import { getPreset } from "../presets.js";

const rel = (a: number, b: number) => Math.abs(a - b) / b;

describe("DeiT-S on fefet-32nm against the paper", () => {
  const r = costSpec(architectureSpec("deit-s"), getPreset("fefet-32nm"));

  it("lands within 5 % of the published energy, delay, area, EDAP, TOPS/W and TOPS/mm²", () => {
    expect(rel(r.energy_mJ, publishedDeitS.energy_mJ)).toBeLessThan(0.05);
    expect(rel(r.delay_ms, publishedDeitS.delay_ms)).toBeLessThan(0.05);
    expect(rel(r.area_mm2, publishedDeitS.area_mm2)).toBeLessThan(0.05);
    expect(rel(r.edap, publishedDeitS.edap)).toBeLessThan(0.05);
    expect(rel(r.tops_per_w, publishedDeitS.tops_per_w)).toBeLessThan(0.05);
    expect(rel(r.tops_per_mm2, publishedDeitS.tops_per_mm2)).toBeLessThan(0.05);
  });

  it("the published TOPS imply 1 op per MAC over the encoder MACs (independent count)", () => {
    // 12 encoders × (t·d·3d + t·d·d + 2·t·d·4d + 2·h·t²·d_h) with t 197, d 384, h 6, d_h 64
    const t = 197;
    const d = 384;
    const encoderMacs = 12 * (t * d * 3 * d + t * d * d + 2 * t * d * 4 * d + 2 * 6 * t * t * 64);
    expect(r.ops).toBe(encoderMacs);
    expect(rel(encoderMacs / (publishedDeitS.tops_per_w * 1e12) / 1e-3, calibrationTarget.energy_mJ)).toBeLessThan(0.002);
  });

  it("attention is 70–85 % of EDAP and the run-time writes 70–85 % of delay", () => {
    // The paper says attention 70–80 % of EDAP and writes ~80 % of delay; see CALIBRATION.md for why
    // the paper's own read equation caps writes below 79 % of the published delay.
    expect(r.breakdown.components.attention.edapShare).toBeGreaterThan(0.7);
    expect(r.breakdown.components.attention.edapShare).toBeLessThan(0.85);
    const writes = r.breakdown.delay_ms.crossbarWrite / r.delay_ms;
    expect(writes).toBeGreaterThan(0.7);
    expect(writes).toBeLessThan(0.85);
  });

  it("refitting from scratch reproduces the constants stored in every 32 nm preset", () => {
    const c = fitCalibration(architectureSpec("deit-s"), getPreset("fefet-32nm"));
    for (const id of ["fefet-32nm", "hybrid-32nm", "sram-32nm"]) {
      const p = getPreset(id);
      expect(rel(p.digital.cycle_ns, c.cycle_ns)).toBeLessThan(1e-5);
      expect(rel(p.digital.opEnergy_pJ, c.opEnergy_pJ)).toBeLessThan(1e-5);
      expect(rel(p.digital.bufferEnergyPerByte_pJ, c.bufferEnergyPerByte_pJ)).toBeLessThan(1e-5);
      expect(rel(p.area.tilePeriphery_mm2, c.tilePeriphery_mm2)).toBeLessThan(1e-5);
    }
    expect(c.cycle_ns).toBeGreaterThan(0);
    expect(c.opEnergy_pJ).toBeGreaterThan(0);
    expect(c.tilePeriphery_mm2).toBeGreaterThan(0);
  });

  it("fitting refuses a target the fixed constants already exceed", () => {
    expect(() => fitCalibration(architectureSpec("deit-s"), getPreset("fefet-32nm"), { ...calibrationTarget, delay_ms: 5 })).toThrow(/cannot calibrate digital.cycle_ns/);
  });
});
