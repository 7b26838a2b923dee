import { mixSeeds, shuffledIndices } from "@trex/data";
import { costSpec, type HwPreset } from "@trex/hw";
import type { ModelInputs, ModelOutput, TransformerModel } from "@trex/models";
import { noGrad, type Tensor } from "@trex/tensor";
import { defaultLossWeights, type ProgressSink, type TaskData, trainingLoss } from "@trex/train";
import { applyTrex } from "./apply.js";
import { CLOSED_FORM_DEFAULTS, type TbFit, fitTransformBlocks } from "./closed-form.js";
import { SearchOptionError } from "./errors.js";
import { type HardwareComparison, compareHardware } from "./hardware-summary.js";
import type { TrexParams } from "./params.js";
import type { ReusePattern } from "./patterns.js";
import { chooseReuseCount, type ReuseCountResult } from "./reuse-count.js";
import { distillTrain, type NoiseDesign, noiseDesignFor } from "./variation-aware.js";

export type SearchMode = "closed-form" | "train";

/**
 * How much work each candidate gets. train: `fraction` of the training data for one epoch (the paper's
 * 0.2), or `count` optimizer steps. closed-form: `fraction` of the training data, or `count` examples, as
 * calibration set (default 256 examples).
 */
export interface SearchBudget {
  readonly fraction?: number;
  readonly count?: number;
}

export interface SearchOptions {
  /** The unmodified (trained) model: every candidate starts from it, and it is the distillation teacher. */
  readonly teacher: TransformerModel;
  /** Training split. */
  readonly data: TaskData;
  readonly preset: HwPreset;
  readonly delayTargetMs: number;
  readonly seed: number;
  readonly mode?: SearchMode;
  readonly chain?: TrexParams["chain"];
  readonly tbInit?: TrexParams["tbInit"];
  readonly budget?: SearchBudget;
  /**
   * The winner's full fine-tune (distillation, variation-aware unless `noise` is null). train: default 1
   * epoch of all the data, null skips it. closed-form: only when given — the fitted TBs are its start.
   */
  readonly finalBudget?: { readonly epochs?: number; readonly steps?: number; readonly learningRate?: number } | null;
  /** Noise of the winner's fine-tune (default: the preset's devices); null = ideal fine-tune. */
  readonly noise?: NoiseDesign | null;
  /** closed-form: held-out examples the candidate loss is measured on (default 256). */
  readonly lossExamples?: number;
  readonly ridge?: number;
  readonly batchSize?: number;
  readonly progress?: ProgressSink | null;
}

export interface CandidateResult {
  readonly pattern: ReusePattern;
  readonly delay_ms: number;
  /** train: the trainer's final loss (mean of the last steps); closed-form: held-out distillation loss. */
  readonly loss: number;
}

export interface SearchResult {
  readonly mode: SearchMode;
  readonly reuseCount: number;
  readonly targetMs: number;
  readonly bestDelayByCount: ReuseCountResult["bestDelayByCount"];
  /** The chosen method parameters: what a checkpoint records as { id: "trex", params }. */
  readonly params: TrexParams;
  readonly chosen: CandidateResult;
  /** Every candidate, in enumeration order. */
  readonly candidates: CandidateResult[];
  /** The chosen model (fitted or fine-tuned), eval mode, ideal engines. */
  readonly model: TransformerModel;
  readonly hardware: HardwareComparison;
  /** closed-form: the chosen model's TB fits. */
  readonly fits: TbFit[] | null;
  /** The final fine-tune's loss (null when skipped). */
  readonly finalLoss: number | null;
  readonly noise: NoiseDesign | null;
}

const DEFAULT_CALIBRATION = 256;
const DEFAULT_TRAIN_FRACTION = 0.2;

function batchesOf(data: TaskData, indices: Int32Array, batchSize: number): { inputs: ModelInputs; labels: Int32Array }[] {
  const out = [];
  for (let s = 0; s < indices.length; s += batchSize) out.push(data.batch(indices.subarray(s, s + batchSize)));
  return out;
}

/** Mean distillation loss (the trainer's loss terms for the family, eval mode, no gradients) of `model` against `teacher`. */
export function distillationLoss(
  model: TransformerModel,
  teacher: TransformerModel,
  batches: readonly { inputs: ModelInputs; labels: Int32Array }[],
  teacherOutputs?: readonly ModelOutput[],
): number {
  const w = defaultLossWeights(model.family);
  let sum = 0;
  let n = 0;
  noGrad(() => {
    for (const [k, b] of batches.entries()) {
      const t = teacherOutputs?.[k] ?? teacher.forward(b.inputs, { train: false });
      const s = model.forward(b.inputs, { train: false });
      sum += trainingLoss(s, b.labels, t, w).total.data[0] * b.labels.length;
      n += b.labels.length;
    }
  });
  return sum / n;
}

function checkBudget(b: SearchBudget, mode: SearchMode): void {
  if (b.fraction !== undefined && b.count !== undefined) throw new SearchOptionError("give the budget as a fraction or as a count, not both");
  if (b.fraction !== undefined && !(b.fraction > 0 && b.fraction <= 1)) throw new SearchOptionError(`budget fraction ${b.fraction} must be in (0, 1]`);
  const min = mode === "train" ? 2 : 1;
  if (b.count !== undefined && !(Number.isInteger(b.count) && b.count >= min)) {
    throw new SearchOptionError(`budget count ${b.count} must be an integer >= ${min} (${mode === "train" ? "optimizer steps" : "calibration examples"})`);
  }
}

/**
 * The TReX search (§3): N_reuse from the delay target, then every uniform pattern of N_reuse that meets
 * the target is scored — partially trained with the distillation loss (train) or fitted in closed form
 * and scored by held-out distillation loss (closed-form) — and the lowest-loss one wins. In train mode
 * the winner is then fine-tuned further with variation-aware training. Throws DelayTargetError when no
 * pattern meets the target.
 */
export async function searchTrex(o: SearchOptions): Promise<SearchResult> {
  const mode = o.mode ?? "closed-form";
  if (mode !== "closed-form" && mode !== "train") throw new SearchOptionError(`mode "${mode}": use closed-form or train`);
  const budget = o.budget ?? {};
  checkBudget(budget, mode);
  const batchSize = o.batchSize ?? 64;
  const chain = o.chain ?? "nearest-computed";
  const tbInit = o.tbInit ?? (mode === "closed-form" ? "identity" : "small");
  const log = (line: string) => o.progress?.write(`${line}\n`);
  // Resolve the noise design before any training, so a preset without a noise model fails fast.
  const finetunes = o.finalBudget !== null && (mode === "train" || o.finalBudget !== undefined);
  const noise = finetunes ? (o.noise === undefined ? noiseDesignFor(o.preset) : o.noise) : null;
  const teacher = o.teacher;
  teacher.eval();
  const spec = teacher.spec();
  const count = chooseReuseCount(spec, o.preset, o.delayTargetMs, { chain });
  log(`N_reuse = ${count.reuseCount} (${count.feasible.length} uniform pattern(s) meet ${o.delayTargetMs} ms on ${o.preset.id})`);
  const paramsOf = (p: ReusePattern): TrexParams => ({ reuse: p.encoders, chain, tbInit });

  let calibration: { inputs: ModelInputs; labels: Int32Array }[] = [];
  let held: { inputs: ModelInputs; labels: Int32Array }[] = [];
  let teacherAttention: Tensor[][] = [];
  let teacherHeld: ModelOutput[] = [];
  if (mode === "closed-form") {
    const order = shuffledIndices(o.data.count, mixSeeds(o.seed, 0xca1b));
    const nCal = Math.min(o.data.count, budget.count ?? (budget.fraction !== undefined ? Math.max(1, Math.round(budget.fraction * o.data.count)) : DEFAULT_CALIBRATION));
    const rest = order.subarray(nCal, nCal + (o.lossExamples ?? DEFAULT_CALIBRATION));
    calibration = batchesOf(o.data, order.subarray(0, nCal), batchSize);
    // A set too small to hold out from scores on the calibration examples themselves.
    held = rest.length > 0 ? batchesOf(o.data, rest, batchSize) : calibration;
    // The teacher's side is the same for every candidate: run it once.
    teacherAttention = calibration.map((b) => noGrad(() => teacher.forward(b.inputs, { train: false, returnAttention: true })).attentionOutputs!);
    teacherHeld = held.map((b) => noGrad(() => teacher.forward(b.inputs, { train: false })));
  }

  const candidates: CandidateResult[] = [];
  let best: { result: CandidateResult; model: TransformerModel; fits: TbFit[] | null } | null = null;
  for (const [k, { pattern, delay_ms }] of count.feasible.entries()) {
    const model = count.reuseCount === 0 ? teacher.clone() : applyTrex(teacher, paramsOf(pattern));
    let loss: number;
    let fits: TbFit[] | null = null;
    if (mode === "closed-form") {
      fits = fitTransformBlocks(model, teacher, calibration.map((b) => b.inputs), { ridge: o.ridge ?? CLOSED_FORM_DEFAULTS.ridge, teacherAttention });
      loss = distillationLoss(model, teacher, held, teacherHeld);
    } else {
      const r = await distillTrain(
        model,
        teacher,
        o.data,
        { seed: o.seed, ...(budget.count !== undefined ? { steps: budget.count } : { dataFraction: budget.fraction ?? DEFAULT_TRAIN_FRACTION, epochs: 1 }) },
        null,
        { settings: { batchSize } },
      );
      loss = r.finalLoss;
    }
    const result = { pattern, delay_ms, loss };
    candidates.push(result);
    log(`candidate ${k + 1}/${count.feasible.length} ${pattern.label} [${pattern.encoders.join(",")}]: delay ${delay_ms.toPrecision(5)} ms, loss ${loss.toFixed(5)}`);
    if (!best || loss < best.result.loss) best = { result, model, fits };
  }
  const chosen = best!;
  let finalLoss: number | null = null;
  if (finetunes && count.reuseCount > 0) {
    const fb = o.finalBudget ?? {};
    log(`fine-tuning ${chosen.result.pattern.label}${noise ? ` with ${noise.static}/${noise.dynamic} noise` : ""}`);
    const r = await distillTrain(
      chosen.model,
      teacher,
      o.data,
      { seed: mixSeeds(o.seed, 0xf17e), ...(fb.steps !== undefined ? { steps: fb.steps } : { epochs: fb.epochs ?? 1 }), learningRate: fb.learningRate },
      noise,
      { settings: { batchSize }, progress: o.progress ?? null },
    );
    finalLoss = r.finalLoss;
  }
  chosen.model.eval();
  const params = paramsOf(chosen.result.pattern);
  return {
    mode,
    reuseCount: count.reuseCount,
    targetMs: o.delayTargetMs,
    bestDelayByCount: count.bestDelayByCount,
    params,
    chosen: chosen.result,
    candidates,
    model: chosen.model,
    hardware: compareHardware(count.baseline, costSpec(chosen.model.spec(), o.preset, { layers: false })),
    fits: chosen.fits,
    finalLoss,
    noise,
  };
}
