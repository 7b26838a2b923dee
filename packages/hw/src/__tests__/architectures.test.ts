// Architecture specs against published parameter counts (timm / HuggingFace model cards): the
// crossbar-mapped weight matrices must account for nearly all of each model's parameters.
import { describe, expect, it } from "vitest";
import { architectureSpec, listArchitectures } from "../architectures.js";
import { HwLookupError } from "../errors.js";
import { workloadFromSpec } from "../workload.js";

function matrixWeights(id: string, encoderOnly = false): number {
  const seen = new Set<string>();
  let n = 0;
  for (const op of workloadFromSpec(architectureSpec(id)).ops) {
    if (op.kind !== "static" || seen.has(op.weightGroup)) continue;
    if (encoderOnly && op.block === null) continue;
    seen.add(op.weightGroup);
    n += op.in * op.out;
  }
  return n;
}

describe("architectureSpec", () => {
  it.each([
    ["deit-t", 5_717_416],
    ["deit-s", 22_050_664],
    ["deit-b", 86_567_656],
    ["lvvit-s", 26_150_000],
  ])("%s: weight matrices cover 98–100 percent of its %i parameters", (id, params) => {
    const w = matrixWeights(id);
    expect(w / params).toBeGreaterThan(0.98);
    expect(w / params).toBeLessThanOrEqual(1);
  });

  it("bert-base encoder matrices are 99.8–100 % of its 85.05 M encoder parameters", () => {
    const w = matrixWeights("bert-base", true);
    expect(w / 85_054_464).toBeGreaterThan(0.998);
    expect(w / 85_054_464).toBeLessThanOrEqual(1);
  });

  it("token counts and options", () => {
    expect(architectureSpec("deit-s").tokens).toBe(197);
    expect(architectureSpec("lvvit-s").tokens).toBe(197);
    expect(architectureSpec("lvvit-s").blocks.length).toBe(16);
    expect(architectureSpec("deit-s", { imageSize: 384 }).tokens).toBe(577);
    expect(architectureSpec("bert-base").tokens).toBe(128);
    expect(architectureSpec("bert-base", { sequenceLength: 64 }).blocks[0].tokensIn).toBe(64);
    expect(() => architectureSpec("bert-base", { sequenceLength: 600 })).toThrow(/maxPositions/);
  });

  it("every architecture is valid and serializable", () => {
    for (const id of listArchitectures()) {
      const spec = architectureSpec(id);
      expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
      expect(workloadFromSpec(spec).ops.length).toBeGreaterThan(0);
    }
  });

  it("unknown ids list the known ones", () => {
    expect(() => architectureSpec("vit-huge")).toThrow(HwLookupError);
    expect(() => architectureSpec("vit-huge")).toThrow(/known: deit-t, deit-s, deit-b, lvvit-s, bert-base/);
  });
});
