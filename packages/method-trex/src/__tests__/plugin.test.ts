import { fileURLToPath } from "node:url";
import { architectureSpec, costSpec, getPreset } from "@trex/hw";
import { createRegistry, formatParamsHelp, validateParams } from "@trex/registry";
import { findPluginConfig } from "@trex/registry/node";
import { describe, expect, it } from "vitest";
import { trexPlugin } from "../index.js";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

describe("the trex plugin module", () => {
  it("registers one reuse method through the registry's checks", () => {
    const registry = createRegistry();
    const loaded = registry.registerPlugin(trexPlugin);
    expect(loaded.methods).toEqual(["trex"]);
    const m = registry.getMethod("trex");
    expect(m.kind).toBe("reuse");
    expect(formatParamsHelp(m.params)).toMatch(/reuse=<int,...>.*required/);
  });

  it("is listed in the workspace trex.config.json and costs `--method trex --param reuse=4,6,8` as the hw command does", () => {
    expect(findPluginConfig(repoRoot)?.plugins).toContain("@trex/method-trex");
    const registry = createRegistry();
    registry.registerPlugin(trexPlugin, { source: "@trex/method-trex" });
    const m = registry.getMethod("trex");
    const spec = architectureSpec("deit-s");
    const reused = m.transformSpec!(spec, validateParams(m.params, { reuse: "4,6,8" }));
    const preset = getPreset("fefet-32nm");
    const [a, b] = [costSpec(spec, preset), costSpec(reused, preset)];
    expect(reused.blocks.filter((x) => x.attention.kind === "reuse").length).toBe(3);
    expect(b.delay_ms).toBeLessThan(a.delay_ms);
    expect(b.edap).toBeLessThan(a.edap);
    expect(b.breakdown.components.transform.area_mm2).toBeGreaterThan(0);
  });
});
