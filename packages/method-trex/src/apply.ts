import type { TransformerModel } from "@trex/models";
import { ReuseParamError } from "./errors.js";
import { type TrexParams, modelChain, reuseIndices } from "./params.js";

function checkModel(model: unknown): asserts model is TransformerModel {
  const m = model as Partial<TransformerModel> | null;
  if (!m || typeof m.setAttentionReuse !== "function" || typeof m.clone !== "function" || !Array.isArray(m.blocks)) {
    throw new ReuseParamError("trex.apply needs a @trex/models TransformerModel (DeiT, LV-ViT or BERT); build one with createModel or resolveModel");
  }
}

/**
 * A transformed copy of `model` (the input is left untouched): every listed encoder drops its
 * pre-attention LayerNorm and Q/K/V and gets its own freshly initialised Transformation Block.
 *
 * TB init (`tbInit`): "small" keeps @trex/models' seeded timm init (LayerNorm 1/0, Linear trunc-normal
 * std 0.02, bias 0): the TB output starts near GELU(0) = 0, so a reusing encoder starts as its residual
 * plus MLP — a safe, nearly attention-free start that fine-tuning grows. "identity" sets the Linear to
 * W = I, b = 0: the TB passes GELU(LayerNorm(source)) on, i.e. it assumes neighbouring encoders attend
 * alike (high CKA, §2) — useful with the closed-form fit or short fine-tunes.
 */
export function applyTrex(model: TransformerModel, params: TrexParams): TransformerModel {
  checkModel(model);
  const reusing = reuseIndices(params.reuse, model.blocks.length);
  const already = model.blocks.findIndex((b) => b.mode.kind === "reuse");
  if (already >= 0) {
    throw new ReuseParamError(`encoder ${already + 1} already reuses attention; apply trex to the unmodified model, listing every reusing encoder in one reuse=...`);
  }
  const out = model.clone();
  const chain = modelChain(params.chain);
  for (const i of reusing) out.setAttentionReuse(i, { chain });
  if (params.tbInit === "identity") {
    for (const i of reusing) {
      const fc = out.blocks[i].tb!.fc;
      const d = fc.inFeatures;
      const w = new Float32Array(d * d);
      for (let k = 0; k < d; k++) w[k * d + k] = 1;
      fc.weight.assign(w);
      fc.bias?.assign(new Float32Array(d));
    }
  }
  return out;
}
