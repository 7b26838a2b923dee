import { tensor } from "@trex/tensor";
import { describe, expect, it } from "vitest";
import { DEIT_LOSS, LVVIT_LOSS, trainingLoss } from "../distillation.js";
// float64 references written out from the definitions (independent of @trex/tensor's fused losses).
const logSoftmax = (row) => {
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    return row.map((v) => v - lse);
};
const softmax = (row) => logSoftmax(row).map(Math.exp);
const rows = (flat, c) => Array.from({ length: flat.length / c }, (_, i) => flat.slice(i * c, i * c + c));
const mean = (xs) => xs.reduce((s, v) => s + v, 0) / xs.length;
const softCe = (s, t) => mean(s.map((r, i) => -softmax(t[i]).reduce((a, q, c) => a + q * logSoftmax(r)[c], 0)));
describe("trainingLoss", () => {
    it("matches hand-computed values on a two-class case", () => {
        // Uniform student logits: CE = ln 2 whatever the smoothing; teacher softmax (0.5, 0.5) → soft CE = ln 2;
        // identical class tokens → KL = 0.
        const student = { logits: tensor([0, 0], [1, 2]), clsToken: tensor([1, 2, 3], [1, 3]) };
        const teacher = { logits: tensor([5, 5], [1, 2]), clsToken: tensor([1, 2, 3], [1, 3]) };
        const t = trainingLoss(student, Int32Array.from([1]), teacher, { labelSmoothing: 0.1, distill: 0.1, clsKl: 0.5, tokenLabel: 0 });
        expect(t.ce).toBeCloseTo(Math.LN2, 6);
        expect(t.distill).toBeCloseTo(Math.LN2, 6);
        expect(t.clsKl).toBeCloseTo(0, 6);
        expect(t.total.data[0]).toBeCloseTo(1.1 * Math.LN2, 6);
    });
    it("DeiT: CE(ε) + 0.1·soft distillation CE + 0.5·KL(teacher cls ‖ student cls) against float64 references", () => {
        const sl = [1.5, -0.3, 0.2, 0.7, 2.1, -1.0];
        const tl = [0.4, 1.1, -0.5, 2.0, 0.1, 0.3];
        const sc = [0.5, -1.2, 0.3, 0.9, 0.1, 1.4, -0.7, 0.2];
        const tc = [0.1, -0.8, 0.6, 0.4, 0.9, 1.0, -0.2, -0.5];
        const y = Int32Array.from([2, 0]);
        const out = trainingLoss({ logits: tensor(sl, [2, 3]), clsToken: tensor(sc, [2, 4]) }, y, { logits: tensor(tl, [2, 3]), clsToken: tensor(tc, [2, 4]) }, DEIT_LOSS);
        const eps = DEIT_LOSS.labelSmoothing;
        const ce = mean(rows(sl, 3).map((r, i) => { const lp = logSoftmax(r); return -(1 - eps) * lp[y[i]] - (eps / 3) * lp.reduce((a, v) => a + v, 0); }));
        const distill = softCe(rows(sl, 3), rows(tl, 3));
        const kl = mean(rows(tc, 4).map((t, i) => { const q = softmax(t); const lp = logSoftmax(rows(sc, 4)[i]); return q.reduce((a, qc, c) => a + qc * (Math.log(qc) - lp[c]), 0); }));
        expect(out.ce).toBeCloseTo(ce, 5);
        expect(out.distill).toBeCloseTo(distill, 5);
        expect(out.clsKl).toBeCloseTo(kl, 5);
        expect(out.total.data[0]).toBeCloseTo(ce + 0.1 * distill + 0.5 * kl, 5);
    });
    it("LV-ViT: CE on head(cls) + 0.2·token-label CE against the teacher's per-token soft labels", () => {
        const cls = [0.3, -0.2, 1.0, 0.5];
        const logits = [9, 9, 9, 9]; // the combined prediction: not what the CE term uses
        const sAux = [0.1, 0.4, -0.3, 0.2, 1.0, 0.0, -0.5, 0.7, 0.3, 0.2, 0.1, -0.1];
        const tAux = [1.0, -1.0, 0.5, 0.0, 0.2, 0.8, 0.3, 0.3, -0.2, 1.5, 0.4, 0.0];
        const y = Int32Array.from([1, 0]);
        const out = trainingLoss({ logits: tensor(logits, [2, 2]), clsLogits: tensor(cls, [2, 2]), clsToken: tensor([0, 0], [2, 1]), auxTokenLogits: tensor(sAux, [2, 3, 2]) }, y, { logits: tensor(logits, [2, 2]), clsToken: tensor([0, 0], [2, 1]), auxTokenLogits: tensor(tAux, [2, 3, 2]) }, LVVIT_LOSS);
        const eps = LVVIT_LOSS.labelSmoothing;
        const ce = mean(rows(cls, 2).map((r, i) => { const lp = logSoftmax(r); return -(1 - eps) * lp[y[i]] - (eps / 2) * (lp[0] + lp[1]); }));
        const tok = softCe(rows(sAux, 2), rows(tAux, 2));
        expect(out.ce).toBeCloseTo(ce, 5);
        expect(out.tokenLabel).toBeCloseTo(tok, 5);
        expect(out.distill).toBe(0);
        expect(out.total.data[0]).toBeCloseTo(ce + 0.2 * tok, 5);
    });
    it("without a teacher is the label-smoothed CE alone; a DeiT-distilled student distils on its dist head", () => {
        const s = { logits: tensor([2, 0], [1, 2]), distLogits: tensor([0, 2], [1, 2]), clsToken: tensor([0], [1, 1]) };
        const alone = trainingLoss(s, Int32Array.from([0]), null, DEIT_LOSS);
        expect(alone.total.data[0]).toBeCloseTo(alone.ce, 6);
        const t = { logits: tensor([0, 30], [1, 2]), clsToken: tensor([0], [1, 1]) };
        const d = trainingLoss(s, Int32Array.from([0]), t, { labelSmoothing: 0, distill: 1, clsKl: 0, tokenLabel: 0 });
        // Teacher says class 1 with certainty; the dist head gives it log-prob −log(1 + e^−2).
        expect(d.distill).toBeCloseTo(Math.log(1 + Math.exp(-2)), 5);
    });
    it("sends gradients to the student only", () => {
        const sl = tensor([1, 2, 3], [1, 3]);
        sl.requiresGrad = true;
        const tl = tensor([3, 2, 1], [1, 3]);
        const out = trainingLoss({ logits: sl, clsToken: tensor([1, 0], [1, 2]) }, Int32Array.from([0]), { logits: tl, clsToken: tensor([0, 1], [1, 2]) }, DEIT_LOSS);
        out.total.backward();
        expect(sl.grad).not.toBeNull();
        expect(tl.grad).toBeNull();
    });
});
//# sourceMappingURL=distillation.test.js.map