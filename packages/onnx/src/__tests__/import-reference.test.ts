import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { importOnnx } from "../index.js";

// The committed PyTorch exports (tooling/reference-models): folded weights must import to exactly the
// values the unfolded export stores under their state_dict names, and every state_dict entry must be found.
const OUT = join(dirname(fileURLToPath(import.meta.url)), "../../../../tooling/reference-models/out");
const MODELS = ["deit", "deit-distilled", "lvvit", "bert"] as const;
const FAMILY = { deit: "vit", "deit-distilled": "vit-distilled", lvvit: "lvvit", bert: "bert" };

interface RefJson {
  config: Record<string, unknown>;
  state_dict: { name: string; shape: number[] }[] | Record<string, number[]>;
}

describe.each(MODELS)("%s", (name) => {
  const ref = JSON.parse(readFileSync(join(OUT, `${name}.json`), "utf8")) as RefJson;
  test.each(["folded", "unfolded"])("%s export imports with the family and state_dict names and shapes", (kind) => {
    const m = importOnnx(readFileSync(join(OUT, `${name}-${kind}.onnx`)));
    expect(m.family).toBe(FAMILY[name]);
    const sd = Array.isArray(ref.state_dict) ? ref.state_dict.map((e) => [e.name, e.shape] as const) : Object.entries(ref.state_dict);
    const wanted = sd.filter(([n]) => !n.endsWith("num_batches_tracked") && !n.endsWith("position_ids"));
    for (const [n, shape] of wanted) {
      expect(m.named.get(n)?.shape, n).toEqual(shape);
    }
    expect(m.named.size).toBe(wanted.length);
  });

  test("folded weights (transposed onnx::MatMul_* initializers) import to the unfolded export's state_dict tensors", () => {
    const folded = importOnnx(readFileSync(join(OUT, `${name}-folded.onnx`)));
    const unfolded = importOnnx(readFileSync(join(OUT, `${name}-unfolded.onnx`)));
    expect(folded.config).toEqual(unfolded.config);
    let transposed = 0;
    for (const rec of folded.matches) {
      const a = folded.named.get(rec.name);
      const b = unfolded.named.get(rec.name);
      expect(b, rec.name).toBeDefined();
      expect(Array.from(a?.data ?? []), rec.name).toEqual(Array.from(b?.data ?? []));
      if (rec.transform === "transpose") {
        transposed++;
        expect(rec.source).toMatch(/^onnx::MatMul_/);
      }
    }
    // Every in-block Linear (4 per ViT block + LV-ViT's aux head; 6 per BERT layer) came from a folded Wᵀ.
    const expected = { deit: 8, "deit-distilled": 8, lvvit: 9, bert: 12 }[name];
    expect(transposed).toBe(expected);
    // The unfolded export names its initializers as the state_dict: structure and names must agree.
    for (const rec of unfolded.matches) {
      if (rec.transform !== "bn-identity" && !rec.source.startsWith("onnx::")) expect(rec.source).toBe(rec.name);
    }
  });
});
