import { EMBEDDED_FASHION_MNIST_DIR } from "@trex/data/node";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDataset } from "../datasets.js";
import { evaluate } from "../evaluate.js";
import { evaluateNonideal } from "../nonideal.js";
import { tinyDeit, tinyImages } from "./helpers.js";
describe("evaluate", () => {
    it("scores a model that always answers class 3 at the share of 3s, with MCC 0", () => {
        const m = tinyDeit(0);
        for (const [, p] of m.namedParameters())
            p.data.fill(0);
        const head = m.namedParameters().find(([n]) => n === "head.bias")[1];
        head.data[3] = 1;
        const data = tinyImages(1000).subset(Int32Array.from({ length: 100 }, (_, i) => 7 * i));
        let threes = 0;
        for (const y of data.labels)
            if (y === 3)
                threes++;
        expect(threes).toBeGreaterThan(0);
        const r = evaluate(m, data, { batchSize: 32 });
        expect(r.count).toBe(100);
        expect(r.accuracy).toBe(threes / 100);
        expect(r.mcc).toBe(0);
        expect([...r.predictions].every((p) => p === 3)).toBe(true);
    });
});
describe("evaluateNonideal", () => {
    const data = tinyImages(1000).subset(Int32Array.from({ length: 12 }, (_, i) => 80 * i));
    it("runs every seed, reports mean and sample std of the per-seed values, and restores the ideal engines", () => {
        const m = tinyDeit(3);
        const ideal = evaluate(m, data);
        const r = evaluateNonideal(m, data, { preset: "fefet", seeds: [0, 1, 2] });
        expect(r.seeds).toEqual([0, 1, 2]);
        expect(r.values).toHaveLength(3);
        const mean = (r.values[0] + r.values[1] + r.values[2]) / 3;
        expect(r.mean).toBeCloseTo(mean, 12);
        expect(r.std).toBeCloseTo(Math.sqrt(r.values.reduce((s, v) => s + (v - mean) ** 2, 0) / 2), 12);
        // Same seed, same draws: repeatable.
        expect(evaluateNonideal(m, data, { preset: "fefet", seeds: [1] }).values[0]).toBe(r.values[1]);
        expect(evaluate(m, data).predictions).toEqual(ideal.predictions);
    });
    it("names the known presets for an unknown one", () => {
        expect(() => evaluateNonideal(tinyDeit(0), data, { preset: "rram", seeds: [0] })).toThrow(/known: .*fefet.*hybrid/);
    });
});
describe("loadDataset", () => {
    it("lists the known ids for an unknown one and explains a missing path", () => {
        expect(() => loadDataset("cifar", { split: "eval" })).toThrow(/known: fmnist, accept/);
        expect(() => loadDataset("./no/such/dir", { split: "eval" })).toThrow(/does not exist/);
    });
    it("reads a Fashion-MNIST IDX folder given as a path", () => {
        const d = loadDataset(EMBEDDED_FASHION_MNIST_DIR, { split: "eval", limit: 30 });
        expect(d.kind).toBe("image");
        expect(d.count).toBe(30);
        expect(d.numClasses).toBe(10);
    });
    it("reads a CoLA TSV, builds a vocabulary from it, and trims each batch to its longest example", () => {
        const dir = mkdtempSync(join(tmpdir(), "trex-cola-"));
        const file = join(dir, "in_domain.tsv");
        writeFileSync(file, ["gj04\t1\t\tThe dog barks .", "gj04\t0\t*\tThe dog bark the the .", "gj04\t1\t\tCats sleep ."].join("\n"));
        const d = loadDataset(file, { split: "train" });
        expect(d.kind).toBe("text");
        expect([...d.labels]).toEqual([1, 0, 1]);
        const b = d.batch(Int32Array.from([0, 2]));
        const { inputIds, attentionMask } = b.inputs;
        const [rowsN, len] = inputIds.shape;
        expect(rowsN).toBe(2);
        expect(len).toBeLessThan(64);
        // Trimmed exactly: the longest example fills the last column; the other is padded.
        const last = [attentionMask.data[len - 1], attentionMask.data[2 * len - 1]];
        expect(last.sort()).toEqual([0, 1]);
    });
});
//# sourceMappingURL=evaluate.test.js.map