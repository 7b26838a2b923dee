// `trex hw` end to end: the built CLI in a child process, with a user project whose plugin declares a
// method with a structural transform (reuse) to check that --method resolves through the registry.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_DIR, pluginProject, requireBuiltCli, trex } from "./run-cli.js";

let project: string;

beforeAll(() => {
  requireBuiltCli();
  project = pluginProject(
    "trex-hw-",
    `export const trexPlugin = {
  apiVersion: "1.0",
  name: "test-reuse-plugin",
  methods: [{
    id: "test-reuse",
    kind: "reuse",
    description: "reuse the previous encoder's attention through LayerNorm, Linear, GELU",
    apiVersion: "1.0",
    params: { reuse: { type: "int-list", description: "1-based reusing encoders", default: [] } },
    transformSpec(spec, { reuse }) {
      const out = structuredClone(spec);
      for (const i of reuse) {
        const d = out.blocks[i - 1].dim;
        out.blocks[i - 1].attention = { kind: "reuse", source: i - 2, transform: { layers: [
          { kind: "layernorm", dim: d }, { kind: "linear", in: d, out: d, bias: true }, { kind: "gelu" }] } };
      }
      return out;
    },
  }],
  hardwarePresets: [{ id: "broken-xbar", description: "not a valid preset", config: { rows: 32 } }],
};
`,
  );
  const preset = JSON.parse(readFileSync(join(PACKAGE_DIR, "../../packages/hw/presets/fefet-32nm.json"), "utf8"));
  preset.id = "slow-writes";
  preset.devices.fefet.writeDelay_us = 6.6;
  writeFileSync(join(project, "slow.json"), JSON.stringify(preset));
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

const fields = ["energy_mJ", "delay_ms", "area_mm2", "edap", "tops_per_w", "tops_per_mm2"];

describe("trex hw", () => {
  it("--json prints the metrics at the top level and a breakdown; DeiT-S/FeFET is the paper's point", async () => {
    const run = await trex(["hw", "--model", "deit-s", "--json"], project);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    for (const f of fields) expect(typeof r[f]).toBe("number");
    expect(r.preset).toBe("fefet-32nm");
    expect(Object.keys(r.breakdown)).toEqual(expect.arrayContaining(["energy_mJ", "delay_ms", "area_mm2", "components"]));
    // the paper: 0.13 mJ, 10.92 ms, 775.2 mm², EDAP 1115
    expect(Math.abs(r.energy_mJ / 0.13 - 1)).toBeLessThan(0.05);
    expect(Math.abs(r.delay_ms / 10.92 - 1)).toBeLessThan(0.05);
    expect(Math.abs(r.area_mm2 / 775.2 - 1)).toBeLessThan(0.05);
    expect(r.edap).toBeCloseTo(r.energy_mJ * r.delay_ms * r.area_mm2, 9);
    expect(r.layers).toBeUndefined();
  });

  it("--method resolves through the registry and --param reaches its transformSpec", async () => {
    const base = JSON.parse((await trex(["hw", "--model", "deit-s", "--json"], project)).stdout);
    const run = await trex(["hw", "--model", "deit-s", "--method", "test-reuse", "--param", "reuse=4,6,8,10,12", "--json", "--layers"], project);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.params).toEqual({ reuse: [4, 6, 8, 10, 12] });
    for (const f of ["energy_mJ", "delay_ms", "area_mm2", "edap"]) expect(r[f]).toBeLessThan(base[f]);
    const softmaxBlocks = r.layers.filter((l: { name: string }) => l.name === "softmax").map((l: { block: number }) => l.block);
    expect(softmaxBlocks).toEqual([0, 1, 2, 4, 6, 8, 10]);
  });

  it("takes a preset file and BERT's sequence length", async () => {
    const slow = JSON.parse((await trex(["hw", "--model", "deit-s", "--preset", "slow.json", "--json"], project)).stdout);
    const base = JSON.parse((await trex(["hw", "--model", "deit-s", "--json"], project)).stdout);
    expect(slow.preset).toBe("slow-writes");
    // writes double: delay grows by exactly the write phase
    expect(slow.delay_ms - base.delay_ms).toBeCloseTo(base.breakdown.delay_ms.crossbarWrite, 9);
    const short = JSON.parse((await trex(["hw", "--model", "bert-base", "--seq-len", "64", "--json"], project)).stdout);
    const long = JSON.parse((await trex(["hw", "--model", "bert-base", "--json"], project)).stdout);
    expect(short.delay_ms).toBeLessThan(long.delay_ms);
  });

  it("prints a readable table without --json", async () => {
    const run = await trex(["hw", "--model", "deit-t", "--preset", "hybrid-32nm"], project);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^deit-t on hybrid-32nm\n {2}energy/);
    expect(run.stdout).toMatch(/crossbarWrite/);
  });

  it("unknown ids fail with the known ones listed and a non-zero exit", async () => {
    const model = await trex(["hw", "--model", "vit-huge"], project);
    expect(model.code).not.toBe(0);
    expect(model.stderr).toMatch(/unknown model "vit-huge"; known: deit-t, deit-s, deit-b, lvvit-s, bert-base/);
    const preset = await trex(["hw", "--model", "deit-s", "--preset", "nope"], project);
    expect(preset.code).not.toBe(0);
    expect(preset.stderr).toMatch(/unknown preset "nope"; known: fefet-32nm, hybrid-32nm, rram-22nm, sram-32nm, broken-xbar/);
    const method = await trex(["hw", "--model", "deit-s", "--method", "nope"], project);
    expect(method.code).not.toBe(0);
    expect(method.stderr).toMatch(/Unknown method "nope"\. Known methods: test-reuse/);
    const broken = await trex(["hw", "--model", "deit-s", "--preset", "broken-xbar"], project);
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toMatch(/hardware preset "broken-xbar": .* must be/);
  });
});
