import type { ModelOutput } from "@trex/models";
import { add, crossEntropy, klDiv, logSoftmax, mul, noGrad, reshape, scalar, softmax, softTargetCrossEntropy, type Tensor } from "@trex/tensor";
import { TrainOptionError } from "./errors.js";

/**
 * Weights of the training loss. TReX (arXiv 2408.12742 §3): DeiT = CE + 0.1·distillation CE against the
 * teacher's soft labels + 0.5·KL between the model's and the teacher's class tokens; LV-ViT = CE +
 * 0.2·dense token-label loss (the teacher's per-token aux logits are the token labels).
 */
export interface LossWeights {
  /** Label smoothing ε of the hard-label CE term. */
  readonly labelSmoothing: number;
  /** Weight of the soft distillation CE (student logits vs the teacher's softmax). */
  readonly distill: number;
  /** Weight of KL(softmax(teacher cls) ‖ softmax(student cls)), the class tokens read as distributions over channels. */
  readonly clsKl: number;
  /** Weight of the dense token-label CE (student aux logits per token vs the teacher's per-token softmax). */
  readonly tokenLabel: number;
  /**
   * Weight of the token-level site loss (text with known error sites, e.g. `accept-corpus`): the model's
   * own pooler + classifier on every token, against 0 on the damaged words and 1 elsewhere, damaged and
   * intact tokens weighted equally. Not a paper term; absent = 0.
   */
  readonly tokenSite?: number;
}

/** The paper's DeiT weights (with ε = 0.1 as DeiT trains). */
export const DEIT_LOSS: LossWeights = { labelSmoothing: 0.1, distill: 0.1, clsKl: 0.5, tokenLabel: 0 };
/** The paper's LV-ViT weights. */
export const LVVIT_LOSS: LossWeights = { labelSmoothing: 0.1, distill: 0, clsKl: 0, tokenLabel: 0.2 };

/** The default loss weights for a model family (BERT uses DeiT's terms: its [CLS] state is the class token). */
export function defaultLossWeights(family: "vit" | "lvvit" | "bert"): LossWeights {
  return family === "lvvit" ? LVVIT_LOSS : DEIT_LOSS;
}

export function checkLossWeights(w: LossWeights): void {
  for (const k of ["labelSmoothing", "distill", "clsKl", "tokenLabel", "tokenSite"] as const) {
    if (k === "tokenSite" && w[k] === undefined) continue;
    if (!(Number.isFinite(w[k]) && w[k]! >= 0)) throw new TrainOptionError(`loss weight ${k} = ${w[k]} must be a finite number >= 0`);
  }
  if (w.labelSmoothing > 1) throw new TrainOptionError(`labelSmoothing = ${w.labelSmoothing} must be in [0, 1]`);
}

/** What the loss reads from a teacher: a model's output, or only logits (a TeacherTable's cached ones). */
export type TeacherOutput = Pick<ModelOutput, "logits"> & Partial<Pick<ModelOutput, "clsToken" | "auxTokenLogits">>;

/** The loss terms of one step (values as plain numbers for logging). */
export interface LossTerms {
  readonly total: Tensor;
  readonly ce: number;
  readonly distill: number;
  readonly clsKl: number;
  readonly tokenLabel: number;
  /** The token-level site loss (mean of the damaged-token and intact-token CE), 0 when not used. */
  readonly tokenSite: number;
}

const flat2d = (t: Tensor) => reshape(t, [t.size / t.shape[t.ndim - 1], t.shape[t.ndim - 1]]);

/**
 * The training loss of a student output against hard labels and (optionally) a teacher's output,
 * which must have been computed without gradients. Terms with weight 0, or whose tensors a model does
 * not produce, are skipped. DeiT-distilled students put the distillation CE on their dist head.
 */
export function trainingLoss(student: ModelOutput, labels: Int32Array, teacher: TeacherOutput | null, w: LossWeights, tokenTargets?: Int32Array): LossTerms {
  // LV-ViT: the hard-label CE is on head(cls) alone, as TokenLabeling trains it.
  const ce = crossEntropy(student.clsLogits ?? student.logits, labels, { labelSmoothing: w.labelSmoothing });
  let total = ce;
  let distill = 0;
  let clsKl = 0;
  let tokenLabel = 0;
  if (teacher) {
    if (w.distill > 0) {
      const soft = noGrad(() => softmax(teacher.logits, -1));
      const d = softTargetCrossEntropy(student.distLogits ?? student.logits, soft);
      distill = d.data[0];
      total = add(total, mul(d, scalar(w.distill)));
    }
    if (w.clsKl > 0) {
      const tc = teacher.clsToken;
      if (!tc) throw new TrainOptionError("the class-token KL needs the teacher's class token, and this teacher gives logits only (a TeacherTable); set its weight to 0 (--cls-kl-weight 0)");
      const p = noGrad(() => softmax(tc, -1));
      const k = klDiv(logSoftmax(student.clsToken, -1), p);
      clsKl = k.data[0];
      total = add(total, mul(k, scalar(w.clsKl)));
    }
    if (w.tokenLabel > 0 && student.auxTokenLogits && teacher.auxTokenLogits) {
      const p = noGrad(() => softmax(flat2d(teacher.auxTokenLogits!), -1));
      const t = softTargetCrossEntropy(flat2d(student.auxTokenLogits), p);
      tokenLabel = t.data[0];
      total = add(total, mul(t, scalar(w.tokenLabel)));
    }
  }
  let tokenSite = 0;
  if ((w.tokenSite ?? 0) > 0 && tokenTargets) {
    if (!student.tokenLogits) throw new TrainOptionError("the token-level site loss needs per-token logits; only BERT models produce them (ForwardOptions.tokenLogits)");
    const t = siteLoss(flat2d(student.tokenLogits), tokenTargets);
    if (t) {
      tokenSite = t.data[0];
      total = add(total, mul(t, scalar(w.tokenSite!)));
    }
  }
  return { total, ce: ce.data[0], distill, clsKl, tokenLabel, tokenSite };
}

/**
 * Class-balanced token CE: damaged tokens (target 0) are ~5 % of a batch, so the mean CE over them and
 * the mean CE over intact tokens (target 1) count half each; -1 targets are skipped. Null when the batch
 * has no token of either kind.
 */
export function siteLoss(logits: Tensor, targets: Int32Array): Tensor | null {
  if (logits.shape[0] !== targets.length) throw new TrainOptionError(`${targets.length} token targets for ${logits.shape[0]} token logits; the batch and its targets disagree`);
  const only = (cls: number) => Int32Array.from(targets, (y) => (y === cls ? y : -1));
  const parts: Tensor[] = [];
  for (const cls of [0, 1]) {
    const t = only(cls);
    if (t.some((y) => y === cls)) parts.push(crossEntropy(logits, t, { ignoreIndex: -1 }));
  }
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0] : mul(add(parts[0], parts[1]), scalar(0.5));
}
