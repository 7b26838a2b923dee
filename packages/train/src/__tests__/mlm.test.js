import { WordPieceTokenizer, buildWordPieceVocab } from "@trex/data";
import { BertMlmHead, createModel } from "@trex/models";
import { describe, expect, it } from "vitest";
import { TrainOptionError } from "../errors.js";
import { maskTokens } from "../mlm-masking.js";
import { MLM_DEFAULTS, evaluateMlm, pretrainMlm } from "../mlm-pretrain.js";
const SPECIALS = [0, 1, 2, 3, 4]; // [PAD] [UNK] [CLS] [SEP] [MASK], as buildWordPieceVocab orders them
const V = 50;
/** 2 000 rows of 40 slots: [CLS] ids… [SEP] then padding, with a seeded length per row. */
function batchOf() {
    const rows = 2000;
    const t = 40;
    const ids = new Int32Array(rows * t);
    const mask = new Int32Array(rows * t);
    let s = 12345;
    const next = () => {
        s = (s * 1103515245 + 12345) % 2147483648;
        return s / 2147483648;
    };
    for (let r = 0; r < rows; r++) {
        const len = 5 + Math.floor(next() * 30);
        for (let c = 0; c < len; c++) {
            ids[r * t + c] = c === 0 ? 2 : c === len - 1 ? 3 : 5 + Math.floor(next() * (V - 5));
            mask[r * t + c] = 1;
        }
    }
    return { ids, mask };
}
describe("maskTokens", () => {
    const { ids, mask } = batchOf();
    const o = { seed: 7, maskTokenId: 4, vocabSize: V, specialIds: SPECIALS };
    const m = maskTokens(ids, mask, o);
    const candidates = ids.filter((v, i) => mask[i] === 1 && v >= 5).length;
    it("selects 15 % of the ordinary tokens, never padding or special tokens, and keeps the originals as targets", () => {
        const p = m.positions.length / candidates;
        // Binomial(n, 0.15): 4 standard deviations.
        expect(Math.abs(p - 0.15)).toBeLessThan(4 * Math.sqrt((0.15 * 0.85) / candidates));
        const bad = [];
        for (let k = 0; k < m.positions.length; k++) {
            const i = m.positions[k];
            if (mask[i] !== 1 || SPECIALS.includes(ids[i]))
                bad.push(`selected padding/special at ${i}`);
            if (m.targets[k] !== ids[i])
                bad.push(`target ${k} is ${m.targets[k]}, not the original ${ids[i]}`);
            if (k > 0 && i <= m.positions[k - 1])
                bad.push(`positions not ascending at ${k}`);
        }
        const picked = new Set(m.positions);
        for (let i = 0; i < ids.length; i++)
            if (!picked.has(i) && m.inputIds[i] !== ids[i])
                bad.push(`unselected token ${i} changed`);
        expect(bad.slice(0, 5)).toEqual([]);
    });
    it("replaces 80 % with [MASK], 10 % with a random ordinary token and leaves 10 %", () => {
        const n = m.positions.length;
        let masked = 0;
        let changed = 0;
        for (const i of m.positions) {
            const v = m.inputIds[i];
            if (v === 4)
                masked++;
            else {
                expect(SPECIALS).not.toContain(v);
                if (v !== ids[i])
                    changed++;
            }
        }
        const tol = (q) => 4 * Math.sqrt((q * (1 - q)) / n);
        expect(Math.abs(masked / n - 0.8)).toBeLessThan(tol(0.8));
        // A random draw equals the original with probability 1/45; those count as "left".
        const pRandomDiffers = 0.1 * (1 - 1 / (V - 5));
        expect(Math.abs(changed / n - pRandomDiffers)).toBeLessThan(tol(pRandomDiffers));
    });
    it("is a pure function of the seed", () => {
        const again = maskTokens(ids, mask, o);
        expect(Array.from(again.inputIds)).toEqual(Array.from(m.inputIds));
        expect(Array.from(again.positions)).toEqual(Array.from(m.positions));
        const other = maskTokens(ids, mask, { ...o, seed: 8 });
        expect(Array.from(other.positions)).not.toEqual(Array.from(m.positions));
    });
    it("always predicts at least one token, and rejects bad options with TrainOptionError", () => {
        const one = maskTokens(Int32Array.of(2, 9, 3), Int32Array.of(1, 1, 1), { ...o, maskProb: 1e-9 });
        expect(Array.from(one.positions)).toEqual([1]);
        expect(() => maskTokens(ids, mask, { ...o, maskProb: 0 })).toThrow(TrainOptionError);
        expect(() => maskTokens(ids, mask, { ...o, maskShare: 0.95, randomShare: 0.1 })).toThrow(/sum to at most 1/);
        expect(() => maskTokens(ids, mask, { ...o, maskTokenId: V })).toThrow(/\[MASK\]/);
        expect(() => maskTokens(Int32Array.of(2, 3, 0), Int32Array.of(1, 1, 0), o)).toThrow(/no maskable token/);
    });
});
// A tiny corpus with strong regularities (fixed phrases), so a 2-layer model learns some of it in seconds.
const subjects = ["the farmer", "the nation", "our army", "the congress", "the people", "this country"];
const verbs = ["needs", "builds", "protects", "serves", "defends", "supports"];
const objects = ["new roads", "the schools", "its workers", "the harbors", "our trade", "free markets"];
const corpus = [];
for (const s of subjects)
    for (const v of verbs)
        for (const ob of objects)
            corpus.push(`${s} ${v} ${ob} .`);
function tinyMlm(seed = 0) {
    const vocab = buildWordPieceVocab(corpus, { vocabSize: 200 });
    const tok = new WordPieceTokenizer(vocab);
    const model = createModel("bert-accept", { vocabSize: vocab.length, layers: 2, hidden: 32, heads: 2, intermediate: 64, seed });
    return { model, tok };
}
describe("pretrainMlm", () => {
    const settings = { ...MLM_DEFAULTS, steps: 120, batchSize: 16, lr: 3e-3, warmupSteps: 10, maxLength: 16 };
    it("lowers the masked-token loss on held-back sentences, deterministically", async () => {
        const held = corpus.filter((_, i) => i % 9 === 0);
        const train = corpus.filter((_, i) => i % 9 !== 0);
        const a = tinyMlm();
        const before = evaluateMlm(new BertMlmHead(a.model, { seed: 1 }), a.tok, held, { seed: 3, maxLength: 16 });
        const r = await pretrainMlm(a.model, train, a.tok, settings, { evalSentences: held });
        expect(r.eval.loss).toBeLessThan(before.loss - 1);
        expect(r.eval.accuracy).toBeGreaterThan(before.accuracy + 0.2);
        const b = tinyMlm();
        const r2 = await pretrainMlm(b.model, train, b.tok, settings, { evalSentences: held });
        expect(r2.finalLoss).toBe(r.finalLoss);
        expect(Array.from(b.model.embeddings.wordEmbeddings.data)).toEqual(Array.from(a.model.embeddings.wordEmbeddings.data));
        // The classifier head is not trained by pretraining.
        expect(Array.from(b.model.classifier.weight.data)).toEqual(Array.from(tinyMlm().model.classifier.weight.data));
    });
    it("rejects a tokenizer that does not fit the model, and bad settings", async () => {
        const { model } = tinyMlm();
        const other = new WordPieceTokenizer(buildWordPieceVocab(["a b c ."], { vocabSize: 40 }));
        await expect(pretrainMlm(model, corpus, other, settings)).rejects.toThrow(/vocabSize/);
        const { tok } = tinyMlm();
        await expect(pretrainMlm(model, corpus, tok, { ...settings, warmupSteps: 500 })).rejects.toThrow(TrainOptionError);
        await expect(pretrainMlm(model, [], tok, settings)).rejects.toThrow(/corpus is empty/);
    });
});
//# sourceMappingURL=mlm.test.js.map