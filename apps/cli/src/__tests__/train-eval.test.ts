// `trex train` and `trex eval` end to end: the built CLI in a child process on the Fashion-MNIST subset
// shipped with @trex/data (given as an IDX folder path, so no dataset install is needed), a few steps only.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_DIR, pluginProject, requireBuiltCli, trex } from "./run-cli.js";

// The IDX subset folder of @trex/data, found through the CLI's own dependency on @trex/train.
const trainDir = dirname(createRequire(join(PACKAGE_DIR, "package.json")).resolve("@trex/train/package.json"));
const FMNIST_SUBSET = join(dirname(createRequire(join(trainDir, "package.json")).resolve("@trex/data/package.json")), "assets/fashion-mnist-subset");

let project: string;

beforeAll(() => {
  requireBuiltCli();
  project = pluginProject(
    "trex-train-",
    `export const trexPlugin = {
  apiVersion: "1.0",
  name: "test-reuse-plugin",
  methods: [{
    id: "test-reuse", kind: "reuse", description: "block i reuses attention", apiVersion: "1.0",
    params: { block: { type: "int", min: 1, default: 2, description: "0-based block" } },
    transformSpec: (spec) => spec,
    apply: (model, { block }) => model.setAttentionReuse(block),
    finetune: (model) => model,
  }],
};
`,
  );
});

describe("trex train / eval", () => {
  it("trains a few steps, writes a checkpoint with its record, and eval reproduces the reported accuracy", { timeout: 120_000 }, async () => {
    const out = join(project, "ckpt", "deit.trxc");
    const t = await trex(
      ["train", "--model", "deit-fmnist", "--init", "--dataset", FMNIST_SUBSET, "--limit", "64", "--steps", "3", "--batch", "32", "--final-eval-limit", "40", "--out", out, "--json"],
      project,
    );
    expect(t.stderr).toMatch(/step 3\/3 .*ETA/);
    expect(t.code).toBe(0);
    const r = JSON.parse(t.stdout);
    expect(r).toMatchObject({ model: "deit-fmnist", steps: 3, batch: 32, seed: 0, eval_examples: 40, out });
    expect(typeof r.accuracy).toBe("number");
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 4).toString()).toBe("TRXC");
    const header = JSON.parse(bytes.subarray(12, 12 + bytes.readUInt32LE(8)).toString());
    expect(header.training).toMatchObject({ seed: 0, steps: 3, accuracy: r.accuracy });
    expect(header.training.command).toMatch(/^trex train --model deit-fmnist/);
    expect(header.resume).toBeUndefined(); // the final file carries no optimizer state

    const e = await trex(["eval", "--model", out, "--dataset", FMNIST_SUBSET, "--limit", "40", "--json"], project);
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout).accuracy).toBe(r.accuracy);

    const n = await trex(["eval", "--model", out, "--dataset", FMNIST_SUBSET, "--limit", "6", "--nonideal", "--preset", "fefet", "--seeds", "2", "--json"], project);
    expect(n.code).toBe(0);
    const nr = JSON.parse(n.stdout).nonideal_accuracy;
    expect(nr.seeds).toEqual([0, 1]);
    expect(nr.mean).toBeCloseTo((nr.values[0] + nr.values[1]) / 2, 12);

    const m = await trex(["eval", "--model", out, "--dataset", FMNIST_SUBSET, "--limit", "6", "--method", "test-reuse", "--param", "block=3", "--json"], project);
    expect(m.code).toBe(0);
    expect(JSON.parse(m.stdout)).toMatchObject({ method: "test-reuse", params: { block: 3 } });

    // Training on from the checkpoint keeps the first run's record in the new one's history.
    const out2 = join(project, "ckpt", "deit2.trxc");
    const more = await trex(["train", "--model", out, "--dataset", FMNIST_SUBSET, "--limit", "64", "--steps", "2", "--batch", "32", "--final-eval-limit", "10", "--out", out2], project);
    expect(more.code).toBe(0);
    const b2 = readFileSync(out2);
    const h2 = JSON.parse(b2.subarray(12, 12 + b2.readUInt32LE(8)).toString());
    expect(h2.training.steps).toBe(2);
    expect(h2.training.history.map((x: { steps: number }) => x.steps)).toEqual([3]);

    const again = await trex(["train", "--resume", out], project);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not a resumable checkpoint/);
  });

  it("names the known models, datasets and presets on bad input", async () => {
    const a = await trex(["eval", "--model", "vgg", "--dataset", "fmnist"], project);
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/unknown model "vgg"; known: .*deit-fmnist/);
    const b = await trex(["eval", "--model", "deit-fmnist", "--dataset", "imagenet"], project);
    expect(b.stderr).toMatch(/unknown dataset "imagenet"; known: fmnist, accept/);
    const c = await trex(["eval", "--model", "deit-fmnist", "--dataset", "fmnist", "--nonideal", "--preset", "pcm"], project);
    expect(c.stderr).toMatch(/unknown crossbar preset "pcm"; known: .*hybrid/);
    const d = await trex(["train", "--model", "deit-fmnist"], project);
    expect(d.stderr).toMatch(/--dataset/);
  });

  it("refuses the token-level site loss without a BERT model or without a dataset that has error sites", async () => {
    const a = await trex(["train", "--model", "deit-fmnist", "--init", "--dataset", FMNIST_SUBSET, "--steps", "2", "--token-site-weight", "1"], project);
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/--token-site-weight needs a BERT model/);
    const b = await trex(["train", "--model", "bert-accept", "--init", "--dataset", "accept", "--steps", "2", "--token-site-weight", "1"], project);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/has none \(use --dataset accept-corpus\)/);
  });

  it("refuses --crop-padding without --augment, and a negative padding", async () => {
    const a = await trex(["train", "--model", "deit-fmnist", "--init", "--dataset", FMNIST_SUBSET, "--steps", "2", "--crop-padding", "0"], project);
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/--crop-padding only applies with --augment/);
    const b = await trex(["train", "--model", "deit-fmnist", "--init", "--dataset", FMNIST_SUBSET, "--steps", "2", "--augment", "--crop-padding", "-1"], project);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/--crop-padding/);
  });

  it("--teacher-cache: needs --teacher; distils from cached logits (soft CE only) and reports the table's time", async () => {
    const a = await trex(["train", "--model", "deit-fmnist", "--init", "--dataset", FMNIST_SUBSET, "--steps", "2", "--teacher-cache"], project);
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/--teacher-cache needs --teacher/);
    const b = await trex(
      ["train", "--model", "deit-fmnist", "--init", "--dataset", FMNIST_SUBSET, "--limit", "32", "--steps", "2", "--batch", "16", "--teacher", "lvvit-fmnist", "--teacher-cache", "--augment", "--crop-padding", "0", "--no-eval", "--json"],
      project,
    );
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/teacher table: logits on 32 examples and their mirror images in/);
    expect(JSON.parse(b.stdout).teacher_table_seconds).toBeGreaterThan(0);
    const c = await trex(["train", "--model", "deit-fmnist", "--init", "--dataset", FMNIST_SUBSET, "--limit", "32", "--steps", "2", "--batch", "16", "--teacher", "lvvit-fmnist", "--teacher-cache", "--augment", "--no-eval"], project);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/no logits for random crops/);
    expect(c.stderr).not.toMatch(/teacher table: logits/);
  });

  it("refuses an --ema decay outside (0, 1)", async () => {
    for (const v of ["1", "0", "abc"]) {
      const r = await trex(["train", "--model", "deit-fmnist", "--init", "--dataset", FMNIST_SUBSET, "--steps", "2", "--ema", v], project);
      expect(r.code, v).toBe(1);
      expect(r.stderr, v).toMatch(/--ema must be/);
    }
  });
});
