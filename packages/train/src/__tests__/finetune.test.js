import { EMBEDDED_FASHION_MNIST_DIR } from "@trex/data/node";
import { describe, expect, it } from "vitest";
import { budgetPlan, finetune } from "../finetune.js";
import { defaultSettings, train } from "../trainer.js";
import { stateOf, tinyImages, tinyLvvit } from "./helpers.js";
const every5th = Int32Array.from({ length: 200 }, (_, i) => 5 * i);
const data = tinyImages(1000).subset(every5th);
describe("finetune", () => {
    it("turns a budget into a seeded data subset and a step count", () => {
        const p = budgetPlan(data, { seed: 1, dataFraction: 0.2 }, 10);
        expect(p.data.count).toBe(40);
        expect(p.steps).toBe(4); // one epoch of 40 examples in batches of 10
        expect(budgetPlan(data, { seed: 1, epochs: 2 }, 50).steps).toBe(8);
        expect(budgetPlan(data, { seed: 1, steps: 7, epochs: 5 }, 50).steps).toBe(7);
        const again = budgetPlan(data, { seed: 1, dataFraction: 0.2 }, 10).data;
        expect([...again.labels]).toEqual([...p.data.labels]);
        expect(() => budgetPlan(data, { seed: 1, dataFraction: 1.5 })).toThrow(/dataFraction/);
    });
    it("distils an LV-ViT student from its teacher (token labels) within the budget, leaving the teacher as it was", async () => {
        const teacher = tinyLvvit(1);
        const student = teacher.clone();
        const before = stateOf(teacher);
        await finetune(student, teacher, data, { seed: 2, steps: 3, learningRate: 1e-3 }, { settings: { batchSize: 20 } });
        const after = stateOf(student);
        expect([...after].some(([k, v]) => !v.every((x, i) => x === before.get(k)[i]))).toBe(true);
        for (const [k, v] of stateOf(teacher))
            expect(v, k).toEqual(before.get(k));
    });
    it("passes workers through: a 2-worker LV-ViT distillation on a data fraction trains on the workers' matching subset", async () => {
        const teacher = tinyLvvit(1);
        const replicas = { methods: [], dataset: { ref: EMBEDDED_FASHION_MNIST_DIR, options: { split: "train", limit: 1000 }, indices: every5th } };
        const budget = { seed: 2, steps: 3, learningRate: 1e-3, dataFraction: 0.5 };
        const student = teacher.clone();
        await finetune(student, teacher, data, budget, { settings: { batchSize: 20, workers: 2 }, replicas });
        // The same run spelt out: the plan's subset, its images' positions in the embedded set composed by hand.
        const plan = budgetPlan(data, budget, 20);
        const direct = teacher.clone();
        const settings = defaultSettings(direct, 3, { seed: 2, batchSize: 20, lr: 1e-3, minLr: 0, workers: 2 });
        const subset = { ...replicas.dataset, indices: Int32Array.from(plan.indices, (i) => 5 * i) };
        await train(direct, plan.data, settings, { teacher, replicas: { ...replicas, dataset: subset } });
        const want = stateOf(direct);
        for (const [k, v] of stateOf(student))
            expect(v, k).toEqual(want.get(k));
    });
});
//# sourceMappingURL=finetune.test.js.map