import type { CostReport } from "@trex/hw";

/** The paper's metrics of one design point. */
export interface HardwareNumbers {
  readonly energy_mJ: number;
  readonly delay_ms: number;
  readonly area_mm2: number;
  readonly edap: number;
  readonly tops_per_w: number;
  readonly tops_per_mm2: number;
}

/**
 * A reused model against the unmodified one. Reductions are baseline / reused (× lower), gains are
 * reused / baseline (× higher), so every ratio above 1 is an improvement.
 */
export interface HardwareComparison {
  readonly preset: string;
  readonly baseline: HardwareNumbers;
  readonly reused: HardwareNumbers;
  readonly ratios: {
    readonly energyReduction: number;
    readonly delayReduction: number;
    readonly areaReduction: number;
    readonly edapReduction: number;
    readonly topsPerWGain: number;
    readonly topsPerMm2Gain: number;
  };
}

export function hardwareNumbers(r: CostReport): HardwareNumbers {
  return { energy_mJ: r.energy_mJ, delay_ms: r.delay_ms, area_mm2: r.area_mm2, edap: r.edap, tops_per_w: r.tops_per_w, tops_per_mm2: r.tops_per_mm2 };
}

export function compareHardware(baseline: CostReport, reused: CostReport): HardwareComparison {
  return {
    preset: reused.preset,
    baseline: hardwareNumbers(baseline),
    reused: hardwareNumbers(reused),
    ratios: {
      energyReduction: baseline.energy_mJ / reused.energy_mJ,
      delayReduction: baseline.delay_ms / reused.delay_ms,
      areaReduction: baseline.area_mm2 / reused.area_mm2,
      edapReduction: baseline.edap / reused.edap,
      topsPerWGain: reused.tops_per_w / baseline.tops_per_w,
      topsPerMm2Gain: reused.tops_per_mm2 / baseline.tops_per_mm2,
    },
  };
}
