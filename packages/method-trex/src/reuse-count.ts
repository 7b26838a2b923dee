import { type CostReport, costSpec, type HwPreset, type TransformerSpec } from "@trex/hw";
import { DelayTargetError, SearchOptionError } from "./errors.js";
import type { TrexParams } from "./params.js";
import { type ReusePattern, uniformPatterns } from "./patterns.js";
import { trexTransformSpec } from "./transform-spec.js";

/** A uniform pattern with its simulated delay. */
export interface PatternDelay {
  readonly pattern: ReusePattern;
  readonly delay_ms: number;
}

export interface ReuseCountResult {
  /** N_reuse: the smallest count with a uniform pattern whose delay meets the target (0: the model already does). */
  readonly reuseCount: number;
  readonly targetMs: number;
  readonly preset: string;
  /** The unmodified model's cost. */
  readonly baseline: CostReport;
  /** The uniform patterns of N_reuse that meet the target (the search's candidates), in enumeration order. */
  readonly feasible: PatternDelay[];
  /** Best (lowest) delay per count tried, count 0 first. */
  readonly bestDelayByCount: { readonly count: number; readonly delay_ms: number; readonly encoders: readonly number[] }[];
}

/**
 * TReX §3 step 1: N_reuse = the smallest r for which at least one uniform pattern of r reusing encoders
 * meets `targetMs` on `preset` (delay only; @trex/hw on the model's spec with the pattern applied).
 * When no count can, throws DelayTargetError with the best achievable delay.
 */
export function chooseReuseCount(
  spec: TransformerSpec,
  preset: HwPreset,
  targetMs: number,
  options: { chain?: TrexParams["chain"] } = {},
): ReuseCountResult {
  if (!(Number.isFinite(targetMs) && targetMs > 0)) throw new SearchOptionError(`delay target ${targetMs} ms must be a positive number of milliseconds`);
  const params = (reuse: readonly number[]): TrexParams => ({ reuse, chain: options.chain ?? "nearest-computed", tbInit: "small" });
  const baseline = costSpec(spec, preset, { layers: false });
  const n = spec.blocks.length;
  const best: ReuseCountResult["bestDelayByCount"][number][] = [{ count: 0, delay_ms: baseline.delay_ms, encoders: [] }];
  if (baseline.delay_ms <= targetMs) {
    return { reuseCount: 0, targetMs, preset: preset.id, baseline, feasible: [{ pattern: uniformPatterns(n, 0)[0], delay_ms: baseline.delay_ms }], bestDelayByCount: best };
  }
  for (let r = 1; r <= n - 1; r++) {
    const delays = uniformPatterns(n, r).map((pattern) => ({
      pattern,
      delay_ms: costSpec(trexTransformSpec(spec, params(pattern.encoders)), preset, { layers: false }).delay_ms,
    }));
    const top = delays.reduce((a, b) => (b.delay_ms < a.delay_ms ? b : a));
    best.push({ count: r, delay_ms: top.delay_ms, encoders: top.pattern.encoders });
    const feasible = delays.filter((d) => d.delay_ms <= targetMs);
    if (feasible.length) return { reuseCount: r, targetMs, preset: preset.id, baseline, feasible, bestDelayByCount: best };
  }
  const overall = best.reduce((a, b) => (b.delay_ms < a.delay_ms ? b : a));
  throw new DelayTargetError(targetMs, overall.delay_ms, overall.encoders, preset.id);
}
