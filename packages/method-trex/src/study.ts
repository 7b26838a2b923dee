import type { HwPreset } from "@trex/hw";
import type { TransformerModel } from "@trex/models";
import { evaluate, evaluateNonideal, type ProgressSink, type TaskData } from "@trex/train";
import { type CountCost, delayTargetForEdapRatio, type EdapMatch, reuseCountCosts } from "./edap-target.js";
import { SearchOptionError } from "./errors.js";
import type { HardwareComparison } from "./hardware-summary.js";
import type { TrexParams } from "./params.js";
import type { PatternFamily } from "./patterns.js";
import { type SearchOptions, type SearchResult, searchTrex } from "./search.js";
import type { NoiseDesign } from "./variation-aware.js";

/** One model of a study, loaded: the unmodified model (teacher), its training data and its eval split(s). */
export interface StudyModel {
  readonly id: string;
  /** Where the model came from (checkpoint path, embedded, init). */
  readonly source: string;
  readonly dataset: string;
  /** What identifies the checkpoint (its own training record), when the model came from one. */
  readonly checkpoint?: StudyCheckpoint | null;
  readonly teacher: TransformerModel;
  readonly train: TaskData;
  /** Ideal accuracy (and MCC for text) is measured on this set. */
  readonly eval: TaskData;
  /** Non-ideal accuracy is measured on this set (often a prefix of `eval`: it is ~10× slower). */
  readonly nonidealEval: TaskData;
}

/** A checkpoint's identity as its training record gives it: enough to tell two versions of one model apart. */
export interface StudyCheckpoint {
  readonly accuracy: number | null;
  readonly evalExamples: number | null;
  readonly steps: number;
  readonly finishedAt: string | null;
}

/** The search settings every study row shares (everything of `searchTrex` except the model, data and target). */
export type StudySearchSettings = Omit<SearchOptions, "teacher" | "data" | "preset" | "delayTargetMs" | "progress">;

export interface StudyOptions {
  readonly models: readonly StudyModel[];
  /** Requested EDAP reductions (× lower than the unmodified model), e.g. [1.6, 2.3, 3.5]. */
  readonly ratios: readonly number[];
  readonly preset: HwPreset;
  readonly match?: EdapMatch;
  readonly search: StudySearchSettings;
  /** Crossbar design id of @trex/train (`fefet`, `hybrid`, …) and the noise seeds; null skips non-ideal accuracy. */
  readonly nonideal: { readonly design: string; readonly seeds: readonly number[] } | null;
  readonly evalBatchSize?: number;
  readonly progress?: ProgressSink | null;
}

export interface Accuracy {
  readonly examples: number;
  readonly accuracy: number;
  /** Matthews correlation (text tasks; null for images). */
  readonly mcc: number | null;
}

export interface NonidealAccuracy {
  readonly design: string;
  readonly examples: number;
  readonly mean: number;
  /** Sample standard deviation over seeds (0 for one seed). */
  readonly std: number;
  readonly seeds: number[];
  readonly values: number[];
  readonly mcc: number[] | null;
}

export interface StudyRow {
  readonly requestedRatio: number;
  /** The derived delay target and the count it selects (the search's N_reuse equals reuseCount). */
  readonly target: { readonly reuseCount: number; readonly delayTargetMs: number; readonly edapReduction: number };
  readonly search: {
    readonly mode: SearchResult["mode"];
    readonly reuseCount: number;
    readonly pattern: { readonly label: string; readonly family: PatternFamily; readonly encoders: readonly number[] };
    readonly params: TrexParams;
    readonly candidates: { readonly label: string; readonly encoders: readonly number[]; readonly delay_ms: number; readonly loss: number }[];
    readonly chosenLoss: number;
    readonly finalLoss: number | null;
    readonly noise: NoiseDesign | null;
    readonly hardware: HardwareComparison;
    readonly wallSeconds: number;
    readonly cpuSeconds: number;
  };
  readonly ideal: Accuracy;
  /** Ideal accuracy minus the unmodified model's, in percentage points. */
  readonly deltaPt: number;
  readonly nonideal: NonidealAccuracy | null;
  /** Set when an earlier ratio of the same model selected the same count: its search and evaluation are reused. */
  readonly sameAsRatio: number | null;
}

export interface StudyModelResult {
  readonly id: string;
  readonly source: string;
  readonly dataset: string;
  readonly checkpoint: StudyCheckpoint | null;
  readonly baseline: { readonly ideal: Accuracy; readonly nonideal: NonidealAccuracy | null; readonly hardware: HardwareComparison["baseline"] };
  /** Every reuse count as priced on the preset (the table the delay targets are read from). */
  readonly counts: CountCost[];
  readonly rows: StudyRow[];
}

export interface StudyResult {
  readonly preset: string;
  readonly match: EdapMatch;
  readonly ratios: number[];
  readonly models: StudyModelResult[];
}

function idealAccuracy(model: TransformerModel, data: TaskData, batchSize: number): Accuracy {
  const r = evaluate(model, data, { batchSize });
  return { examples: data.count, accuracy: r.accuracy, mcc: data.kind === "text" ? r.mcc : null };
}

function nonidealAccuracy(model: TransformerModel, data: TaskData, o: StudyOptions, batchSize: number): NonidealAccuracy | null {
  if (!o.nonideal) return null;
  const r = evaluateNonideal(model, data, { preset: o.nonideal.design, seeds: o.nonideal.seeds, batchSize, progress: o.progress ?? null });
  return { design: o.nonideal.design, examples: data.count, mean: r.mean, std: r.std, seeds: r.seeds, values: r.values, mcc: data.kind === "text" ? r.mcc : null };
}

/**
 * The TReX study (issue 6): for every model and requested EDAP reduction, derive the delay target
 * (`delayTargetForEdapRatio`), run the search (`searchTrex`, the code behind `trex search`) and evaluate the
 * unmodified and the reused model ideal and non-ideal (`evaluate` / `evaluateNonideal`, the code behind
 * `trex eval --nonideal`). Deterministic for fixed seeds.
 */
export async function runStudy(o: StudyOptions): Promise<StudyResult> {
  if (o.models.length === 0) throw new SearchOptionError("a study needs at least one model");
  if (o.ratios.length === 0) throw new SearchOptionError("a study needs at least one EDAP ratio (e.g. 1.6,2.3,3.5)");
  const match = o.match ?? "at-least";
  const batchSize = o.evalBatchSize ?? 200;
  const log = (line: string) => o.progress?.write(`${line}\n`);
  const models: StudyModelResult[] = [];
  for (const m of o.models) {
    m.teacher.eval();
    const spec = m.teacher.spec();
    const counts = reuseCountCosts(spec, o.preset, { chain: o.search.chain });
    // Derive every target first, so a ratio no count reaches fails before any CPU is spent.
    const targets = o.ratios.map((ratio) => delayTargetForEdapRatio(spec, o.preset, ratio, { chain: o.search.chain, match, counts }));
    log(`study ${m.id}: unmodified model`);
    const baseIdeal = idealAccuracy(m.teacher, m.eval, batchSize);
    const baseNonideal = nonidealAccuracy(m.teacher, m.nonidealEval, o, batchSize);
    const rows: StudyRow[] = [];
    for (const t of targets) {
      const earlier = rows.find((r) => r.target.reuseCount === t.reuseCount);
      if (earlier) {
        rows.push({ ...earlier, requestedRatio: t.requestedRatio, sameAsRatio: earlier.requestedRatio });
        continue;
      }
      log(`study ${m.id}: ${t.requestedRatio}× lower EDAP → ${t.reuseCount} reusing encoders, delay target ${t.delayTargetMs} ms`);
      const started = performance.now();
      const cpu0 = process.cpuUsage();
      const s = await searchTrex({ ...o.search, teacher: m.teacher, data: m.train, preset: o.preset, delayTargetMs: t.delayTargetMs, progress: o.progress ?? null });
      const cpu = process.cpuUsage(cpu0);
      const wallSeconds = (performance.now() - started) / 1000;
      const ideal = idealAccuracy(s.model, m.eval, batchSize);
      const nonideal = nonidealAccuracy(s.model, m.nonidealEval, o, batchSize);
      rows.push({
        requestedRatio: t.requestedRatio,
        target: { reuseCount: t.reuseCount, delayTargetMs: t.delayTargetMs, edapReduction: t.edapReduction },
        search: {
          mode: s.mode,
          reuseCount: s.reuseCount,
          pattern: { label: s.chosen.pattern.label, family: s.chosen.pattern.family, encoders: s.chosen.pattern.encoders },
          params: s.params,
          candidates: s.candidates.map((c) => ({ label: c.pattern.label, encoders: c.pattern.encoders, delay_ms: c.delay_ms, loss: c.loss })),
          chosenLoss: s.chosen.loss,
          finalLoss: s.finalLoss,
          noise: s.noise,
          hardware: s.hardware,
          wallSeconds,
          cpuSeconds: (cpu.user + cpu.system) / 1e6,
        },
        ideal,
        deltaPt: 100 * (ideal.accuracy - baseIdeal.accuracy),
        nonideal,
        sameAsRatio: null,
      });
      log(`study ${m.id}: ${s.chosen.pattern.label}: ideal ${(100 * ideal.accuracy).toFixed(2)} % (${rows.at(-1)!.deltaPt.toFixed(2)} pt)`);
    }
    const baseHw = rows[0]?.search.hardware.baseline;
    models.push({ id: m.id, source: m.source, dataset: m.dataset, checkpoint: m.checkpoint ?? null, baseline: { ideal: baseIdeal, nonideal: baseNonideal, hardware: baseHw }, counts, rows });
  }
  return { preset: o.preset.id, match, ratios: [...o.ratios], models };
}
