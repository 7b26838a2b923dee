// `trex train --workers N` end to end: a checkpoint with a method applied (through a configured plugin)
// trains on 2 worker threads reproducibly; the worker count is validated and kept for --resume.
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createModel } from "@trex/models";
import { encodeCheckpoint, readCheckpointFile } from "@trex/train";
import { beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_DIR, pluginProject, requireBuiltCli, trex } from "./run-cli.js";

const trainDir = dirname(createRequire(join(PACKAGE_DIR, "package.json")).resolve("@trex/train/package.json"));
const FMNIST_SUBSET = join(dirname(createRequire(join(trainDir, "package.json")).resolve("@trex/data/package.json")), "assets/fashion-mnist-subset");

let project: string;
let start: string;

beforeAll(() => {
  requireBuiltCli();
  project = pluginProject(
    "trex-workers-",
    `export const trexPlugin = {
  apiVersion: "1.0",
  name: "test-reuse-plugin",
  methods: [{
    id: "test-reuse", kind: "reuse", description: "block i reuses attention", apiVersion: "1.0",
    params: { block: { type: "int", min: 1, default: 1, description: "0-based block" } },
    transformSpec: (spec) => spec,
    apply: (model, { block }) => model.setAttentionReuse(block),
  }],
};
`,
  );
  // A small DeiT with block 1 reusing block 0's attention, recorded as a method the workers must re-apply.
  const model = createModel("deit-fmnist", { depth: 2, dim: 16, heads: 2, patchSize: 7, seed: 4 }).setAttentionReuse(1);
  start = join(project, "start.trxc");
  writeFileSync(
    start,
    encodeCheckpoint({ format: "trex-checkpoint", version: 1, model: { id: "deit-fmnist", config: model.config }, methods: [{ id: "test-reuse", params: { block: 1 } }] }, model.stateEntries(false)),
  );
});

describe("trex train --workers", () => {
  it("trains a method-applied checkpoint on 2 workers, bit-identically run to run", { timeout: 120_000 }, async () => {
    const weights = async (out: string) => {
      const args = ["train", "--model", start, "--dataset", FMNIST_SUBSET, "--limit", "64", "--steps", "3", "--batch", "16", "--augment", "--workers", "2", "--no-eval"];
      const r = await trex([...args, "--out", out, "--json"], project);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/2 workers/);
      expect(JSON.parse(r.stdout)).toMatchObject({ steps: 3, workers: 2 });
      const ckpt = readCheckpointFile(out);
      expect(ckpt.header.methods).toEqual([{ id: "test-reuse", params: { block: 1 } }]);
      return ckpt.tensors;
    };
    const a = await weights(join(project, "a.trxc"));
    const b = await weights(join(project, "b.trxc"));
    for (const [k, t] of a) expect(b.get(k)!.data, k).toEqual(t.data);
  });

  it("rejects a worker count that does not divide the batch, naming the fix", async () => {
    const r = await trex(["train", "--model", start, "--dataset", FMNIST_SUBSET, "--limit", "64", "--steps", "2", "--batch", "16", "--workers", "3", "--no-eval"], project);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/batch of 16 does not split into 3 equal shards.*divisible by workers/);
    const z = await trex(["train", "--model", start, "--dataset", FMNIST_SUBSET, "--workers", "0"], project);
    expect(z.stderr).toMatch(/--workers must be an integer >= 1/);
  });
});
