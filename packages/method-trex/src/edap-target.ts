import { costSpec, type HwPreset, type TransformerSpec } from "@trex/hw";
import { SearchOptionError } from "./errors.js";
import type { TrexParams } from "./params.js";
import { uniformPatterns } from "./patterns.js";
import { trexTransformSpec } from "./transform-spec.js";

/**
 * How a requested EDAP reduction picks a reuse count. `at-least`: the fewest reusing encoders whose EDAP
 * is at least that many times lower (a goal such as "≥ 2.3× lower EDAP" is a lower bound). `nearest`: the
 * count whose reduction is nearest the requested one on a log scale (reductions are ratios; ties go to
 * the smaller count).
 */
export type EdapMatch = "at-least" | "nearest";
export const EDAP_MATCHES: readonly EdapMatch[] = ["at-least", "nearest"];

/** One reuse count on a preset: its lowest-delay uniform pattern and that pattern's cost. */
export interface CountCost {
  readonly count: number;
  readonly encoders: readonly number[];
  readonly delay_ms: number;
  readonly edap: number;
  /** Baseline EDAP / this pattern's EDAP (× lower). */
  readonly edapReduction: number;
  /**
   * Whether a delay target can select this count: its best delay is below every smaller count's, so the
   * target `delay_ms` makes N_reuse (the smallest count meeting the target) exactly this count.
   */
  readonly reachable: boolean;
}

export interface EdapTarget {
  readonly requestedRatio: number;
  readonly match: EdapMatch;
  readonly preset: string;
  /** The chosen count and the delay target that selects it (its best pattern's delay, in ms). */
  readonly reuseCount: number;
  readonly delayTargetMs: number;
  /** The EDAP reduction of the count's lowest-delay pattern (the search may choose another pattern of the count). */
  readonly edapReduction: number;
  /** Every count 0..depth−1 as priced, for the record. */
  readonly counts: CountCost[];
}

/**
 * Prices the lowest-delay uniform pattern of every reuse count 0..depth−1 with @trex/hw (count 0 is the
 * unmodified model): the table a delay target is read from.
 */
export function reuseCountCosts(spec: TransformerSpec, preset: HwPreset, options: { chain?: TrexParams["chain"] } = {}): CountCost[] {
  const chain = options.chain ?? "nearest-computed";
  const baseline = costSpec(spec, preset, { layers: false });
  const out: CountCost[] = [{ count: 0, encoders: [], delay_ms: baseline.delay_ms, edap: baseline.edap, edapReduction: 1, reachable: true }];
  let lowest = baseline.delay_ms;
  for (let r = 1; r < spec.blocks.length; r++) {
    let best: { encoders: readonly number[]; delay_ms: number; edap: number } | null = null;
    for (const p of uniformPatterns(spec.blocks.length, r)) {
      const c = costSpec(trexTransformSpec(spec, { reuse: p.encoders, chain, tbInit: "small" }), preset, { layers: false });
      if (!best || c.delay_ms < best.delay_ms) best = { encoders: p.encoders, delay_ms: c.delay_ms, edap: c.edap };
    }
    if (!best) continue;
    out.push({ count: r, ...best, edapReduction: baseline.edap / best.edap, reachable: best.delay_ms < lowest });
    lowest = Math.min(lowest, best.delay_ms);
  }
  return out;
}

/**
 * The delay target for a requested EDAP reduction: among the counts a delay target can select, pick one by
 * `match`, and return the delay of its lowest-delay uniform pattern — the tightest target whose N_reuse
 * (TReX §3 step 1, `chooseReuseCount`) is that count. Throws SearchOptionError for a ratio below 1 or one
 * no count reaches under `at-least`.
 */
export function delayTargetForEdapRatio(
  spec: TransformerSpec,
  preset: HwPreset,
  ratio: number,
  options: { chain?: TrexParams["chain"]; match?: EdapMatch; counts?: CountCost[] } = {},
): EdapTarget {
  if (!(Number.isFinite(ratio) && ratio >= 1)) throw new SearchOptionError(`EDAP ratio ${ratio} must be a number >= 1 (how many times lower than the unmodified model)`);
  const match = options.match ?? "at-least";
  if (!EDAP_MATCHES.includes(match)) throw new SearchOptionError(`EDAP match "${match}": use ${EDAP_MATCHES.join(" or ")}`);
  const counts = options.counts ?? reuseCountCosts(spec, preset, { chain: options.chain });
  const usable = counts.filter((c) => c.reachable);
  let pick: CountCost | undefined;
  if (match === "at-least") {
    pick = usable.find((c) => c.edapReduction >= ratio);
    if (!pick) {
      const top = usable.reduce((a, b) => (b.edapReduction > a.edapReduction ? b : a));
      throw new SearchOptionError(
        `no reuse count gives ${ratio}× lower EDAP on ${preset.id}: the most is ${top.edapReduction.toFixed(3)}× (${top.count} reusing encoders); ` +
          "ask for a smaller ratio or use --edap-match nearest",
      );
    }
  } else {
    const distance = (c: CountCost) => Math.abs(Math.log(c.edapReduction / ratio));
    pick = usable.reduce((a, b) => (distance(b) < distance(a) ? b : a));
  }
  return { requestedRatio: ratio, match, preset: preset.id, reuseCount: pick.count, delayTargetMs: pick.delay_ms, edapReduction: pick.edapReduction, counts };
}
