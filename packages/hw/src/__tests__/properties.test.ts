// Properties the paper's argument rests on, checked on DeiT-S with the shipped presets.
import { describe, expect, it } from "vitest";
import { architectureSpec } from "../architectures.js";
import { costSpec } from "../cost.js";
import { getPreset, listPresets } from "../presets.js";
import type { TransformerSpec } from "../structure.js";

const tb = (d: number) => ({ layers: [{ kind: "layernorm" as const, dim: d }, { kind: "linear" as const, in: d, out: d, bias: true }, { kind: "gelu" as const }] });

/** DeiT-S with the given 1-based encoders reusing the nearest earlier computed attention. */
function reused(oneBased: number[]): TransformerSpec {
  const spec = architectureSpec("deit-s");
  for (const i of oneBased) {
    let src = i - 2;
    while (spec.blocks[src].attention.kind === "reuse") src--;
    spec.blocks[i - 1].attention = { kind: "reuse", source: src, transform: tb(384) };
  }
  return spec;
}

function pruned(keep: number): TransformerSpec {
  const spec = architectureSpec("deit-s");
  spec.blocks[2].tokensOut = keep;
  for (const b of spec.blocks.slice(3)) {
    b.tokensIn = keep;
    b.tokensOut = keep;
  }
  return spec;
}

describe.each(listPresets())("properties on %s", (id) => {
  const preset = getPreset(id);

  it("more reusing encoders ⇒ lower delay, energy and area", () => {
    const settings = [[], [12], [10, 12], [8, 10, 12], [6, 8, 10, 12], [4, 6, 8, 10, 12], [2, 4, 6, 8, 10, 12]];
    const reports = settings.map((s) => costSpec(reused(s), preset, { layers: false }));
    for (let i = 1; i < reports.length; i++) {
      expect(reports[i].delay_ms).toBeLessThan(reports[i - 1].delay_ms);
      expect(reports[i].energy_mJ).toBeLessThan(reports[i - 1].energy_mJ);
      expect(reports[i].area_mm2).toBeLessThan(reports[i - 1].area_mm2);
      expect(reports[i].edap).toBeLessThan(reports[i - 1].edap);
    }
  });

  it("fewer tokens ⇒ lower cost, and softmax work falls as t²", () => {
    const full = costSpec(pruned(197), preset);
    const half = costSpec(pruned(98), preset);
    expect(half.energy_mJ).toBeLessThan(full.energy_mJ);
    expect(half.delay_ms).toBeLessThan(full.delay_ms);
    const softmax = (r: typeof full, block: number) => r.layers!.find((l) => l.block === block && l.name === "softmax")!;
    // blocks ≥ 3 see 98 tokens instead of 197
    expect(softmax(half, 5).energy_mJ.softmax / softmax(full, 5).energy_mJ.softmax).toBeCloseTo((98 / 197) ** 2, 12);
    // its own run time (busy_ms) too; what it adds to the delay can be 0 when it runs under V's write
    expect(softmax(half, 5).busy_ms / softmax(full, 5).busy_ms).toBeCloseTo((98 / 197) ** 2, 12);
    expect(softmax(half, 1).energy_mJ.softmax).toBeCloseTo(softmax(full, 1).energy_mJ.softmax, 18);
  });

  it("weight sharing ⇒ less area, same crossbar reads", () => {
    const shared = architectureSpec("deit-s");
    shared.blocks.forEach((b, i) => {
      b.weightGroup = `pair${Math.floor(i / 2)}`;
    });
    const base = costSpec(architectureSpec("deit-s"), preset, { layers: false });
    const sh = costSpec(shared, preset, { layers: false });
    expect(sh.area_mm2).toBeLessThan(base.area_mm2);
    for (const k of ["crossbarRead", "adc", "dac", "shiftAdd", "crossbarWrite"] as const) {
      expect(sh.breakdown.energy_mJ[k]).toBeCloseTo(base.breakdown.energy_mJ[k], 15);
    }
    expect(sh.delay_ms).toBeCloseTo(base.delay_ms, 12);
  });
});
