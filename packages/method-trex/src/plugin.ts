import type { TransformerModel } from "@trex/models";
import { type FinetuneBudget, type MethodPlugin, PLUGIN_API_VERSION, type TrexPluginModule } from "@trex/registry";
import type { TaskData } from "@trex/train";
import { applyTrex } from "./apply.js";
import { TREX_PARAMS } from "./params.js";
import { trexTransformSpec } from "./transform-spec.js";
import { distillTrain, FEFET_NOISE } from "./variation-aware.js";

/**
 * The `trex` method: TReX attention reuse (arXiv 2408.12742). `transformSpec` and `apply` make the same
 * structural change (tests hold them equal for every family); `finetune` distils from the unmodified
 * model with FeFET variation-aware training (the search in `searchTrex` picks the reuse pattern).
 */
export const trexMethod: MethodPlugin<typeof TREX_PARAMS, TransformerModel, TaskData> = {
  id: "trex",
  kind: "reuse",
  description: "TReX attention reuse: listed encoders take an earlier encoder's attention output through a LayerNorm → Linear → GELU block",
  apiVersion: PLUGIN_API_VERSION,
  params: TREX_PARAMS,
  transformSpec: trexTransformSpec,
  apply: applyTrex,
  async finetune(model: TransformerModel, teacher: TransformerModel, data: TaskData, budget: FinetuneBudget): Promise<TransformerModel> {
    await distillTrain(model, teacher, data, budget, FEFET_NOISE);
    return model;
  },
};

/** What trex.config.json loads: `"plugins": ["@trex/method-trex"]`. Registers nothing on import. */
export const trexPlugin: TrexPluginModule = {
  apiVersion: PLUGIN_API_VERSION,
  name: "@trex/method-trex",
  methods: [trexMethod as unknown as MethodPlugin],
};
