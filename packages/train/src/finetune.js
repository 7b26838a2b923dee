import { mixSeeds, shuffledIndices } from "@trex/data";
import { TrainOptionError } from "./errors.js";
import { defaultSettings, stepsPerEpoch, train } from "./trainer.js";
/** Defaults of a fine-tuning run (the lr is lower than training from scratch). */
export const FINETUNE_DEFAULTS = { lr: 2e-4, batchSize: 64, epochs: 1 };
/**
 * The training set and step count a budget buys: dataFraction picks a seeded subset (`indices` into
 * `data`, null when the whole set is used); steps win over epochs.
 */
export function budgetPlan(data, budget, batchSize = FINETUNE_DEFAULTS.batchSize) {
    const f = budget.dataFraction ?? 1;
    if (!(f > 0 && f <= 1))
        throw new TrainOptionError(`dataFraction ${f} must be in (0, 1]`);
    let d = data;
    let indices = null;
    if (f < 1) {
        const n = Math.max(1, Math.round(data.count * f));
        indices = shuffledIndices(data.count, mixSeeds(budget.seed, 0xf4ac)).slice(0, n);
        d = data.subset(indices);
    }
    if (budget.steps !== undefined && !(Number.isInteger(budget.steps) && budget.steps >= 2))
        throw new TrainOptionError(`budget.steps ${budget.steps} must be an integer >= 2`);
    if (budget.epochs !== undefined && !(budget.epochs > 0))
        throw new TrainOptionError(`budget.epochs ${budget.epochs} must be > 0`);
    const steps = budget.steps ?? Math.max(2, Math.round((budget.epochs ?? FINETUNE_DEFAULTS.epochs) * stepsPerEpoch(d.count, batchSize)));
    return { data: d, steps, indices };
}
/**
 * What method plugins call after `apply`: fine-tune `model` in place on `data`, distilling from `teacher`
 * (the unmodified model) with the family's TReX loss, within `budget`. Returns the model.
 * Data-parallel: `settings.workers` N > 1 with `replicas` describing the model's methods and `data`
 * (its dataset reference); a budget's data fraction is applied to the reference here.
 */
export async function finetune(model, teacher, data, budget, options = {}) {
    const batchSize = options.settings?.batchSize ?? FINETUNE_DEFAULTS.batchSize;
    const plan = budgetPlan(data, budget, batchSize);
    const settings = defaultSettings(model, plan.steps, {
        seed: budget.seed,
        batchSize,
        lr: budget.learningRate ?? FINETUNE_DEFAULTS.lr,
        minLr: 0,
        ...options.settings,
    });
    let replicas = options.replicas ?? null;
    if (replicas && plan.indices) {
        const base = replicas.dataset.indices;
        const picked = plan.indices;
        replicas = { ...replicas, dataset: { ...replicas.dataset, indices: base ? picked.map((i) => base[i]) : picked } };
    }
    await train(model, plan.data, settings, { teacher, progress: options.progress ?? null, replicas });
    return model;
}
//# sourceMappingURL=finetune.js.map