import type { HwPreset } from "@trex/hw";
import type { TransformerModel } from "@trex/models";
import type { FinetuneBudget } from "@trex/registry";
import { idealEngine } from "@trex/tensor";
import { type ProgressSink, type TaskData, type TrainResult, type TrainSettings, budgetPlan, defaultSettings, FINETUNE_DEFAULTS, train } from "@trex/train";
import { CrossbarEngine, listPresets as listXbarPresets } from "@trex/xbar";
import { SearchOptionError } from "./errors.js";

/** The crossbar designs noise is drawn from: static weights and the run-time-written Kᵀ and V (@trex/xbar preset names). */
export interface NoiseDesign {
  readonly static: string;
  readonly dynamic: string;
}

/** The paper's FeFET design (every product on 2-bit FeFET: 10 % read / 20 % write variation, 6-bit ADCs). */
export const FEFET_NOISE: NoiseDesign = Object.freeze({ static: "fefet", dynamic: "fefet" });

/** The noise design of a hardware preset: its device mapping, when @trex/xbar models those devices. */
export function noiseDesignFor(preset: HwPreset): NoiseDesign {
  const known = listXbarPresets();
  for (const role of ["static", "dynamic"] as const) {
    if (!known.includes(preset.mapping[role])) {
      throw new SearchOptionError(
        `preset ${preset.id} puts ${role} products on "${preset.mapping[role]}", which @trex/xbar does not simulate (it has ${known.join(", ")}); ` +
          "pass an explicit noise design (e.g. --noise fefet) or use a fefet/sram/hybrid preset",
      );
    }
  }
  return { static: preset.mapping.static, dynamic: preset.mapping.dynamic };
}

export interface TrainRunOptions {
  readonly settings?: Partial<TrainSettings>;
  readonly progress?: ProgressSink | null;
}

/**
 * Fine-tunes `model` in place with the distillation loss against `teacher`, within `budget`, and returns
 * the trainer's result (its finalLoss is the mean loss of the last steps). With `noise`, every product of
 * the student's forward pass (Q/K/V, QKᵀ, S·V, projection, MLP, TB) runs on a seeded CrossbarEngine —
 * ADC quantisation, write variation when weights are programmed (each optimizer step re-programs) and read
 * noise — while the backward pass uses the ideal products (straight-through). The teacher stays ideal,
 * and the student's engines are ideal again afterwards.
 */
export async function distillTrain(
  model: TransformerModel,
  teacher: TransformerModel,
  data: TaskData,
  budget: FinetuneBudget,
  noise: NoiseDesign | null,
  options: TrainRunOptions = {},
): Promise<TrainResult> {
  const batchSize = options.settings?.batchSize ?? FINETUNE_DEFAULTS.batchSize;
  const plan = budgetPlan(data, budget, batchSize);
  const settings = defaultSettings(model, plan.steps, {
    seed: budget.seed,
    batchSize,
    lr: budget.learningRate ?? FINETUNE_DEFAULTS.lr,
    minLr: 0,
    ...options.settings,
  });
  if (noise) {
    const engine = new CrossbarEngine({ static: noise.static, dynamic: noise.dynamic, seed: budget.seed });
    model.setEngines(() => engine);
  }
  try {
    return await train(model, plan.data, settings, { teacher, progress: options.progress ?? null });
  } finally {
    if (noise) model.setEngines(() => idealEngine);
  }
}
