// `trex check-onnx` and `trex export` end to end: the built CLI in a child process on the committed
// PyTorch reference exports, and a user plugin whose method's apply() restructures the model.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createModel } from "@trex/models";
import { importOnnx } from "@trex/onnx";
import { Rng, saveTensors, tensor } from "@trex/tensor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_DIR, pluginProject, requireBuiltCli, trex } from "./run-cli.js";

const REF = resolve(PACKAGE_DIR, "../../tooling/reference-models/out");

let project: string;

beforeAll(() => {
  requireBuiltCli();
  project = pluginProject(
    "trex-onnx-",
    `export const trexPlugin = {
  apiVersion: "1.0",
  name: "test-reuse-apply",
  methods: [{
    id: "test-reuse",
    kind: "reuse",
    description: "blocks listed in reuse take the previous attention through a Transformation Block",
    apiVersion: "1.0",
    params: { reuse: { type: "int-list", description: "0-based reusing blocks", default: [] } },
    apply(model, { reuse }) {
      for (const i of reuse) model.setAttentionReuse(i);
      return model;
    },
  }],
};
`,
  );
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("trex check-onnx", () => {
  it.each(["deit-distilled-folded", "bert-unfolded"])("%s: --json reports family, matched_params and max_abs_diff ≤ 1e-4", async (name) => {
    const r = await trex(["check-onnx", join(REF, `${name}.onnx`), "--json"], project);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.family).toBe(name.startsWith("bert") ? "bert" : "vit-distilled");
    expect(out.matched_params).toBe(name.startsWith("bert") ? 41 : 35);
    expect(out.max_abs_diff).toBeLessThanOrEqual(1e-4);
  });

  it("prints a table without --json", async () => {
    const r = await trex(["check-onnx", join(REF, "lvvit-folded.onnx")], project);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/family\s+lvvit/);
    expect(r.stdout).toMatch(/max_abs_diff\s+\d/);
  });

  it("a truncated file exits non-zero with the reason", async () => {
    const bytes = readFileSync(join(REF, "deit-folded.onnx"));
    writeFileSync(join(project, "cut.onnx"), bytes.subarray(0, 1000));
    const r = await trex(["check-onnx", "cut.onnx"], project);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^trex: .*corrupt or truncated/);
  });
});

describe("trex export", () => {
  it("re-exports an imported model after a method's apply(), verified in onnxruntime", async () => {
    const r = await trex(
      ["export", "--model", join(REF, "deit-folded.onnx"), "--method", "test-reuse", "--param", "reuse=1", "--out", "out/reuse.onnx", "--verify", "--json"],
      project,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.opset).toBe(17);
    expect(out.inputs).toEqual(["pixel_values"]);
    expect(out.max_abs_diff).toBeLessThanOrEqual(1e-4);
    const file = readFileSync(join(project, "out/reuse.onnx"));
    expect(file.length).toBe(out.bytes);
    // The method really changed the structure: block 1's TB is exported, its Q/K/V are gone.
    expect(file.includes("blocks.1.attn_tb.fc.weight")).toBe(true);
    expect(file.includes("blocks.1.attn.qkv.weight")).toBe(false);
  });

  it("--weights loads a TRXW checkpoint into a registered model before exporting", async () => {
    const model = createModel("deit-t");
    // Checkpoint values differ from the model's own seeded init, so the export shows which were used.
    const rng = new Rng(5);
    const named = model.stateEntries(false).map(([n, t]) => [n, tensor(rng.fillNormal(new Float32Array(t.size), 0, 0.05), [...t.shape])] as const);
    writeFileSync(join(project, "deit-t.trxw"), saveTensors(named));
    const r = await trex(["export", "--model", "deit-t", "--weights", "deit-t.trxw", "--out", "w.onnx", "--json"], project);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const back = importOnnx(readFileSync(join(project, "w.onnx")));
    const head = named.find(([n]) => n === "head.weight")?.[1];
    expect(Array.from(back.named.get("head.weight")?.data ?? [])).toEqual(Array.from(head?.data ?? []));
  });

  it("a failing export leaves no file and no temporary behind", async () => {
    mkdirSync(join(project, "fail"), { recursive: true });
    const r = await trex(["export", "--model", "deit-t", "--method", "missing-method", "--out", "fail/x.onnx"], project);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/missing-method/);
    expect(readdirSync(join(project, "fail"))).toEqual([]);
  });
});
