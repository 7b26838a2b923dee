import { createRegistry } from "@trex/registry";
import { noGrad } from "@trex/tensor";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeCheckpoint, decodeCheckpointHeader, encodeCheckpoint } from "../checkpoint.js";
import { readCheckpointFile, writeFileAtomicSync } from "../checkpoint-file.js";
import { CheckpointError, ModelResolveError } from "../errors.js";
import { modelFromCheckpoint, resolveModel } from "../load-model.js";
import { stateOf, tinyDeit, tinyImages } from "./helpers.js";
// A tiny method plugin as a real one would be: apply() changes the structure (block `block` reuses
// attention, adding a Transformation Block with new parameters).
const reusePlugin = {
    id: "test-reuse",
    kind: "reuse",
    description: "test: make one block reuse attention",
    apiVersion: "1.0",
    params: { block: { type: "int", min: 1, default: 1, description: "block that reuses" } },
    transformSpec: (spec) => spec,
    apply: (model, params) => model.setAttentionReuse(params.block),
    finetune: (model) => model,
};
function header(model, methods) {
    return { format: "trex-checkpoint", version: 1, model: { id: "deit-fmnist", config: model.config }, methods };
}
const images = tinyImages(8);
const logits = (m) => noGrad(() => m.forward(images.batch(Int32Array.from([0, 1, 2, 3])).inputs, { train: false }).logits.data.slice());
describe("checkpoints", () => {
    it("round-trip a model: same config, same tensors, same outputs", async () => {
        const m = tinyDeit(4);
        const bytes = encodeCheckpoint(header(m, []), m.stateEntries(false));
        expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe("TRXC");
        const back = await modelFromCheckpoint(decodeCheckpoint(bytes), null);
        expect(back.config).toEqual(m.config);
        const a = stateOf(m);
        for (const [k, v] of stateOf(back))
            expect(v, k).toEqual(a.get(k));
        expect(logits(back)).toEqual(logits(m));
    });
    it("re-apply recorded methods through the registry before loading the weights", async () => {
        const registry = createRegistry();
        registry.registerMethod(reusePlugin);
        const m = tinyDeit(5, { depth: 3 });
        m.setAttentionReuse(2);
        // Train-like change of the TB parameters so a wrong load would show.
        for (const [n, p] of m.namedParameters())
            if (n.includes("attn_tb"))
                p.data.fill(0.01);
        const bytes = encodeCheckpoint(header(m, [{ id: "test-reuse", params: { block: 2 } }]), m.stateEntries(false));
        const back = await modelFromCheckpoint(decodeCheckpoint(bytes), registry.methods);
        expect(back.attentionModes().map((x) => x.kind)).toEqual(["compute", "compute", "reuse"]);
        expect(logits(back)).toEqual(logits(m));
        // Without the plugin the structure cannot be rebuilt: a clear error, not a half-loaded model.
        await expect(modelFromCheckpoint(decodeCheckpoint(bytes), null)).rejects.toThrow(ModelResolveError);
        await expect(modelFromCheckpoint(decodeCheckpoint(bytes), createRegistry().methods)).rejects.toThrow(/test-reuse/);
    });
    it("reject corrupt, truncated and foreign files with CheckpointError", () => {
        const m = tinyDeit(0);
        const bytes = encodeCheckpoint(header(m, []), m.stateEntries(false));
        expect(() => decodeCheckpoint(new TextEncoder().encode("TRXW...."))).toThrow(/no "TRXC" magic/);
        expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 10))).toThrow(CheckpointError);
        const flipped = bytes.slice();
        flipped[flipped.length - 3] ^= 0xff; // inside the f32 data: the TRXW CRC catches it
        expect(() => decodeCheckpoint(flipped)).toThrow(/corrupt/);
        const v2 = bytes.slice();
        v2[4] = 2;
        expect(() => decodeCheckpointHeader(v2)).toThrow(/version 2/);
    });
    it("are written atomically and resolved from paths; unknown ids list the known ones", async () => {
        const dir = mkdtempSync(join(tmpdir(), "trex-ckpt-"));
        const m = tinyDeit(6);
        const path = join(dir, "sub", "m.trxc");
        writeFileAtomicSync(path, encodeCheckpoint(header(m, []), m.stateEntries(false)));
        expect(readCheckpointFile(path).header.model.config).toEqual(m.config);
        const r = await resolveModel(path);
        expect(r.source).toBe(`checkpoint ${path}`);
        expect(logits(r.model)).toEqual(logits(m));
        writeFileSync(join(dir, "bad.trxc"), "nope");
        await expect(resolveModel(join(dir, "bad.trxc"))).rejects.toThrow(CheckpointError);
        await expect(resolveModel(join(dir, "missing.trxc"))).rejects.toThrow(/does not exist/);
        await expect(resolveModel("no-such-model")).rejects.toThrow(/known: .*deit-fmnist/);
        const fresh = await resolveModel("deit-fmnist", { preferInit: true, overrides: { depth: 1 } });
        expect(fresh.source).toMatch(/^init deit-fmnist/);
        expect(fresh.model.blocks.length).toBe(1);
    });
});
//# sourceMappingURL=checkpoint.test.js.map