import { listCheckpoints } from "@trex/zoo";
import { describe, expect, it } from "vitest";
import { loadModelAndData } from "../model-and-data.js";
import { evaluate } from "../evaluate.js";
// Every embedded checkpoint loads strictly into its architecture and scores on a 200-example slice of its
// eval split close to the accuracy its training run recorded on the full split (3+ binomial SDs).
describe.each(listCheckpoints())("embedded checkpoint %s", (id) => {
    it("loads and reproduces its recorded accuracy on a slice of the eval split", { timeout: 120_000 }, async () => {
        const { resolved, data } = await loadModelAndData(id, id.endsWith("fmnist") ? "fmnist" : "accept", { split: "eval", limit: 200 });
        expect(resolved.source).toBe(`embedded ${id}`);
        const rec = resolved.header?.training;
        expect(rec?.accuracy).toBeTypeOf("number");
        const r = evaluate(resolved.model, data);
        expect(Math.abs(r.accuracy - rec.accuracy)).toBeLessThan(0.1);
    });
});
//# sourceMappingURL=zoo.test.js.map