import { mulberry32 } from "@trex/data";
import { TrainOptionError } from "./errors.js";
/**
 * Applies BERT's masked-LM corruption to a batch of ids: every non-special token with attention mask 1 is
 * selected independently with probability maskProb (at least one per batch, so the loss is defined); a
 * selected token becomes [MASK] with probability maskShare, a uniformly drawn non-special token with
 * probability randomShare, and stays itself otherwise. Deterministic in `seed`.
 */
export function maskTokens(ids, attentionMask, o) {
    const p = o.maskProb ?? 0.15;
    const maskShare = o.maskShare ?? 0.8;
    const randomShare = o.randomShare ?? 0.1;
    if (!(p > 0 && p <= 1))
        throw new TrainOptionError(`maskProb = ${p} must be in (0, 1]; BERT uses 0.15`);
    if (!(maskShare >= 0 && randomShare >= 0 && maskShare + randomShare <= 1)) {
        throw new TrainOptionError(`maskShare (${maskShare}) and randomShare (${randomShare}) must be >= 0 and sum to at most 1; BERT uses 0.8 and 0.1`);
    }
    if (ids.length !== attentionMask.length)
        throw new TrainOptionError(`ids (${ids.length}) and attentionMask (${attentionMask.length}) must have the same length`);
    if (!(Number.isInteger(o.maskTokenId) && o.maskTokenId >= 0 && o.maskTokenId < o.vocabSize)) {
        throw new TrainOptionError(`maskTokenId ${o.maskTokenId} is not an id of the ${o.vocabSize}-token vocabulary; pass the id of [MASK]`);
    }
    const special = new Set(o.specialIds);
    const ordinary = [];
    for (let v = 0; v < o.vocabSize; v++)
        if (!special.has(v))
            ordinary.push(v);
    if (ordinary.length === 0)
        throw new TrainOptionError("the vocabulary has no non-special token to predict or draw");
    const candidates = [];
    for (let i = 0; i < ids.length; i++)
        if (attentionMask[i] !== 0 && !special.has(ids[i]))
            candidates.push(i);
    if (candidates.length === 0)
        throw new TrainOptionError("the batch has no maskable token (only padding and special tokens); check the tokenizer output");
    const rand = mulberry32(o.seed);
    const picked = [];
    for (const i of candidates)
        if (rand() < p)
            picked.push(i);
    if (picked.length === 0)
        picked.push(candidates[Math.floor(rand() * candidates.length)]);
    const inputIds = ids.slice();
    const positions = Int32Array.from(picked);
    const targets = Int32Array.from(picked, (i) => ids[i]);
    for (const i of picked) {
        const u = rand();
        if (u < maskShare)
            inputIds[i] = o.maskTokenId;
        else if (u < maskShare + randomShare)
            inputIds[i] = ordinary[Math.floor(rand() * ordinary.length)];
    }
    return { inputIds, positions, targets };
}
//# sourceMappingURL=mlm-masking.js.map