// Fits the constants the paper does not give, on its one published point: unmodified DeiT-S at
// 224×224 on the FeFET design. Energy and area are linear in their constant (digital energy scale,
// tile periphery), so those fits are closed-form. Delay is piecewise linear in the digital cycle (an op
// overlapped by a write is off the critical path until it outgrows the write), so the cycle is solved
// closed-form on one linear piece and re-solved on the piece the solution lands on until it is exact.
// The write contention is fitted jointly with the cycle on the write share of the delay: for each
// contention the cycle is refitted to the delay, and the contention is solved (Newton, exact on a linear
// piece) so the critical-path write time is the target share of that delay.
import { HwError } from "./errors.js";
import { costSpec } from "./cost.js";
import type { HwPreset } from "./preset.js";
import type { TransformerSpec } from "./structure.js";

/** The paper's published numbers for unmodified DeiT-S on its FeFET design (TReX, Table/§V). */
export const publishedDeitS = Object.freeze({
  energy_mJ: 0.13,
  delay_ms: 10.92,
  area_mm2: 775.2,
  edap: 1115,
  tops_per_w: 34.45,
  tops_per_mm2: 0.00054,
});

/**
 * The calibration target. Energy is published to two digits (0.13 mJ); EDAP (1115) and TOPS/W (34.45)
 * carry four and agree on 0.1317–0.1318 mJ, so the fit uses E = EDAP / (D · A).
 */
export const calibrationTarget: Readonly<CalibrationTarget> = Object.freeze({
  energy_mJ: publishedDeitS.edap / (publishedDeitS.delay_ms * publishedDeitS.area_mm2),
  delay_ms: publishedDeitS.delay_ms,
  area_mm2: publishedDeitS.area_mm2,
  // "attention writes at ~80 % of delay": the run-time writes on the critical path over the delay. Not
  // 0.80: with this model 0.80 puts attention at 83.6 % of EDAP, outside the published 70–80 %; 0.76 is
  // the largest whole percent that keeps it inside (79.9 %; 0.77 gives 80.8 %) and still reads "~80 %"
  // at the paper's one significant digit (CALIBRATION.md §3).
  writeShare: 0.76,
});

/**
 * What the fit closes. `writeShare` (critical-path write time / delay) fits `writes.contention`; without
 * it the preset's contention is kept and only the cycle is fitted to the delay.
 */
export interface CalibrationTarget {
  energy_mJ: number;
  delay_ms: number;
  area_mm2: number;
  writeShare?: number;
}

export interface CalibratedConstants {
  cycle_ns: number;
  opEnergy_pJ: number;
  bufferEnergyPerByte_pJ: number;
  tilePeriphery_mm2: number;
  /** `writes.contention`: the fraction by which concurrently written operands slow each other. */
  writeContention: number;
}

function withConstants(p: HwPreset, c: CalibratedConstants): HwPreset {
  return {
    ...p,
    writes: { ...p.writes, contention: c.writeContention },
    digital: { ...p.digital, cycle_ns: c.cycle_ns, opEnergy_pJ: c.opEnergy_pJ, bufferEnergyPerByte_pJ: c.bufferEnergyPerByte_pJ },
    area: { ...p.area, tilePeriphery_mm2: c.tilePeriphery_mm2 },
  };
}

/** `preset` with the calibrated constants replaced by `c`. */
export function applyCalibration(preset: HwPreset, c: CalibratedConstants): HwPreset {
  return withConstants(preset, c);
}

/**
 * Solves the calibrated constants of `preset` so that `spec` costs exactly `target`. The digital
 * energy per op and per buffered byte share one fitted value (one energy equation, one unknown).
 */
export function fitCalibration(spec: TransformerSpec, preset: HwPreset, target: CalibrationTarget = calibrationTarget): CalibratedConstants {
  const at = (v: number, contention = preset.writes.contention) =>
    costSpec(spec, withConstants(preset, { cycle_ns: v, opEnergy_pJ: v, bufferEnergyPerByte_pJ: v, tilePeriphery_mm2: v, writeContention: contention }), { layers: false });
  const r0 = at(0);
  const r1 = at(1);
  const solve = (key: "energy_mJ" | "area_mm2", name: string) => {
    const x = (target[key] - r0[key]) / (r1[key] - r0[key]);
    if (!(x >= 0)) {
      throw new HwError(`cannot calibrate ${name}: the fixed constants alone give ${key} = ${r0[key]}, above the target ${target[key]}; lower a fixed constant`);
    }
    return x;
  };
  const e = solve("energy_mJ", "digital.opEnergy_pJ");
  const area = solve("area_mm2", "area.tilePeriphery_mm2");

  // Delay: Newton steps on a convex piecewise-linear function of the cycle; each step is exact on its piece.
  const fitCycle = (contention: number): number => {
    const delayAt = (v: number) => at(v, contention).delay_ms;
    const d0 = delayAt(0);
    if (d0 > target.delay_ms) {
      throw new HwError(
        `cannot calibrate digital.cycle_ns: the fixed constants alone give delay_ms = ${d0} (write contention ${contention}), above the target ${target.delay_ms}; lower writes.contention, a fixed constant or change writes.sequencing`,
      );
    }
    let cycle = (target.delay_ms - d0) / (delayAt(1) - d0);
    for (let step = 0; step < 50; step++) {
      const d = delayAt(cycle);
      if (Math.abs(d - target.delay_ms) <= 1e-12 * target.delay_ms) break;
      const h = Math.max(cycle, 1) * 1e-6;
      const slope = (delayAt(cycle + h) - d) / h;
      if (!(slope > 0)) throw new HwError(`cannot calibrate digital.cycle_ns: delay does not grow with the cycle at ${cycle} ns; the digital units never reach the critical path`);
      cycle += (target.delay_ms - d) / slope;
    }
    return cycle;
  };

  let contention = preset.writes.contention;
  if (target.writeShare !== undefined) contention = fitContention(target.writeShare * target.delay_ms, fitCycle, (c, cycle) => at(cycle, c).breakdown.delay_ms.crossbarWrite);
  return { cycle_ns: fitCycle(contention), opEnergy_pJ: e, bufferEnergyPerByte_pJ: e, tilePeriphery_mm2: area, writeContention: contention };
}

/**
 * The contention c ∈ [0, 1] whose critical-path write time, at the cycle refitted to the delay for that
 * c, is `writes_ms`. That write time is piecewise linear in c (T = w_V + c·w_K per block while V's write
 * ends the group's critical path), so Newton steps are exact on each piece.
 */
function fitContention(writes_ms: number, fitCycle: (c: number) => number, writesAt: (c: number, cycle: number) => number): number {
  const g = (c: number) => writesAt(c, fitCycle(c)) - writes_ms;
  const lo = writesAt(0, 0);
  const hi = writesAt(1, 0);
  if (!(writes_ms >= lo && writes_ms <= hi)) {
    throw new HwError(
      `cannot calibrate writes.contention: the critical-path writes range over ${lo}–${hi} ms for contention 0–1, and the target is ${writes_ms} ms; change the write-share target or writes.sequencing`,
    );
  }
  let c = hi > lo ? (writes_ms - lo) / (hi - lo) : 0;
  for (let step = 0; step < 50; step++) {
    const v = g(c);
    if (Math.abs(v) <= 1e-12 * writes_ms) return c;
    const c2 = c + 1e-6 <= 1 ? c + 1e-6 : c - 1e-6;
    const slope = (g(c2) - v) / (c2 - c);
    if (!(slope > 0)) throw new HwError(`cannot calibrate writes.contention: the critical-path writes do not grow with the contention at ${c}`);
    c = Math.min(1, Math.max(0, c - v / slope));
  }
  return c;
}
