import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { modelFromConfig } from "@trex/models";
import { describe, expect, test } from "vitest";
import { type ModelFeeds, importOnnx } from "../index.js";
import { checkOnnx } from "../node/index.js";
import { maxAbsDiff, modelLogits } from "../run-model.js";

// Acceptance: for every committed PyTorch export, our engine with the imported weights matches
// onnxruntime-node on seeded inputs, and matches the logits PyTorch itself computed (stored in the JSON).
const OUT = join(dirname(fileURLToPath(import.meta.url)), "../../../../tooling/reference-models/out");
const MODELS = ["deit", "deit-distilled", "lvvit", "bert"] as const;
const TOL = 1e-4;

interface Spec {
  dtype: string;
  shape: number[];
  data: number[];
}

function feedsFrom(inputs: Record<string, Spec>): ModelFeeds {
  const f = (s: Spec) => ({ data: Float32Array.from(s.data), shape: s.shape });
  const i = (s: Spec | undefined) => (s ? { data: Int32Array.from(s.data), shape: s.shape } : undefined);
  if (inputs.pixel_values) return { pixelValues: f(inputs.pixel_values) };
  return { inputIds: i(inputs.input_ids), attentionMask: i(inputs.attention_mask), tokenTypeIds: i(inputs.token_type_ids) };
}

const measured: string[] = [];

describe.each(MODELS)("%s", (name) => {
  const ref = JSON.parse(readFileSync(join(OUT, `${name}.json`), "utf8")) as { inputs: Record<string, Spec>; outputs: { logits: Spec } };
  test.each(["folded", "unfolded"])("%s: check-onnx max_abs_diff ≤ 1e-4 and PyTorch's logits reproduced", async (kind) => {
    const bytes = new Uint8Array(readFileSync(join(OUT, `${name}-${kind}.onnx`)));
    const report = await checkOnnx(bytes, { seed: 1, batch: 2 });
    expect(report.max_abs_diff).toBeLessThanOrEqual(TOL);
    // Guard against a vacuous pass: logits of both implementations must be non-trivial.
    expect(report.max_abs_logit).toBeGreaterThan(0.1);

    const imported = importOnnx(bytes);
    const model = modelFromConfig(imported.config);
    const load = model.loadNamed(imported.named);
    expect(load.missing).toEqual([]);
    const ours = modelLogits(model.eval(), feedsFrom(ref.inputs));
    const torch = ref.outputs.logits;
    const dTorch = maxAbsDiff(ours, { data: torch.data, shape: torch.shape });
    expect(dTorch).toBeLessThanOrEqual(TOL);
    measured.push(`${name}-${kind}: ort ${report.max_abs_diff.toExponential(2)}, torch ${dTorch.toExponential(2)}, params ${report.matched_params}`);
    console.log(measured.at(-1));
  });
});
