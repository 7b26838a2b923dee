import type { ModelOutput } from "@trex/models";
import { type Tensor } from "@trex/tensor";
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
export declare const DEIT_LOSS: LossWeights;
/** The paper's LV-ViT weights. */
export declare const LVVIT_LOSS: LossWeights;
/** The default loss weights for a model family (BERT uses DeiT's terms: its [CLS] state is the class token). */
export declare function defaultLossWeights(family: "vit" | "lvvit" | "bert"): LossWeights;
export declare function checkLossWeights(w: LossWeights): void;
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
/**
 * The training loss of a student output against hard labels and (optionally) a teacher's output,
 * which must have been computed without gradients. Terms with weight 0, or whose tensors a model does
 * not produce, are skipped. DeiT-distilled students put the distillation CE on their dist head.
 */
export declare function trainingLoss(student: ModelOutput, labels: Int32Array, teacher: ModelOutput | null, w: LossWeights, tokenTargets?: Int32Array): LossTerms;
/**
 * Class-balanced token CE: damaged tokens (target 0) are ~5 % of a batch, so the mean CE over them and
 * the mean CE over intact tokens (target 1) count half each; -1 targets are skipped. Null when the batch
 * has no token of either kind.
 */
export declare function siteLoss(logits: Tensor, targets: Int32Array): Tensor | null;
//# sourceMappingURL=distillation.d.ts.map