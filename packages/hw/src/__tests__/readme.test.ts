// The README's prediction table must be what the model computes now (regenerate it with
// `node scripts/predictions.mjs` after changing the model or a preset).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { architectureSpec } from "../architectures.js";
import { costSpec } from "../cost.js";
import { getPreset } from "../presets.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("README predictions", () => {
  const rows = readme
    .split("\n")
    .map((l) => l.split("|").map((c) => c.trim()))
    .filter((c) => c.length > 6 && /^(deit|lvvit|bert)/.test(c[1]));

  it("lists every architecture on every preset", () => {
    expect(rows.length).toBe(20);
  });

  it.each(rows.map((r) => [r[1], r[2], r]))("%s on %s matches the model", (model, preset, r) => {
    const c = costSpec(architectureSpec(model as string), getPreset(preset as string), { layers: false });
    const [energy, delay, area] = (r as string[]).slice(3, 6).map(Number);
    expect(c.energy_mJ).toBeCloseTo(energy, 4);
    expect(c.delay_ms).toBeCloseTo(delay, 3);
    expect(c.area_mm2).toBeCloseTo(area, 1);
  });
});
