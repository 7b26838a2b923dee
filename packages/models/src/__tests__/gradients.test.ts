import { finiteDifferenceCheck } from "@trex/test-utils";
import type { Parameter, Tensor } from "@trex/tensor";
import { Rng, Tensor as TensorClass, add, indexTensor, mul, noGrad, sum } from "@trex/tensor";
import { describe, expect, it } from "vitest";
import type { ModelInputs, ModelOutput, TransformerModel } from "../index.js";
import { LinearAdapter } from "../index.js";
import { images, randomize, tinyBert, tinyLvvit, tinyVit } from "./helpers.js";

/** Σ c · (every output the training losses read), so every head gets a gradient. */
function scalarOf(o: ModelOutput, c: Tensor[]): Tensor {
  const outs = [o.logits, o.distLogits, o.auxTokenLogits].filter((t): t is Tensor => !!t);
  return outs.map((t, i) => sum(mul(t, c[i]))).reduce((a, b) => add(a, b));
}

function cotangents(o: ModelOutput, seed: number): Tensor[] {
  const rng = new Rng(seed);
  return [o.logits, o.distLogits, o.auxTokenLogits]
    .filter((t): t is Tensor => !!t)
    .map((t) => {
      const d = new Float32Array(t.size);
      for (let i = 0; i < d.length; i++) d[i] = rng.normal();
      return new TensorClass(d, t.shape);
    });
}

const cases: [string, () => TransformerModel, ModelInputs][] = [
  [
    "vit (reuse, shared weights, adapter)",
    () => {
      const m = tinyVit({ distilled: true });
      m.setAttentionReuse(2).shareWeights([0, 1]).setBlockTransform(1, "attn", new LinearAdapter(8));
      return m;
    },
    images(2, 2, 8, 1),
  ],
  ["lvvit", () => tinyLvvit(), images(2, 2, 8, 2)],
  [
    "bert",
    () => tinyBert(),
    { inputIds: indexTensor([2, 5, 7, 1, 9, 3, 4, 8, 6, 11, 0, 0], [2, 6]), attentionMask: indexTensor([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0], [2, 6]) },
  ],
];

describe("gradients", () => {
  it.each(cases)("%s: every parameter receives a gradient", (_, make, x) => {
    const m = make();
    randomize(m, 3);
    // Adapters start at zero; randomize makes their gradient path non-trivial too.
    const o = m.forward(x, { train: true });
    scalarOf(o, cotangents(o, 4)).backward();
    for (const [name, p] of m.namedParameters()) {
      expect(p.grad, name).not.toBeNull();
      expect(p.grad!.some((g) => g !== 0), name).toBe(true);
    }
  });

  it.each(cases)("%s: gradients match float64 finite differences (spot check)", (_, make, x) => {
    const m = make();
    randomize(m, 5);
    // BatchNorm in training mode uses batch statistics; eval keeps the function fixed across steps.
    const params = new Map(m.namedParameters());
    // One tensor of each kind the case has: Q/K/V, TB, adapter, MLP, stem conv, embeddings, extra heads, norms.
    const kinds = [/qkv\.weight$/, /query\.weight$/, /attn_tb\.fc\.weight$/, /attn_transform\.fc\.weight$/, /mlp\.fc2\.weight$/, /conv1\.weight$/, /bn2\.weight$/, /^pos_embed$/, /word_embeddings/, /head_dist\.weight/, /aux_head\.weight/, /output\.LayerNorm\.weight/];
    const picks = kinds.map((k) => [...params.keys()].find((n) => k.test(n))).filter((n): n is string => !!n);
    expect(picks.length).toBeGreaterThan(2);
    const ps: Parameter[] = picks.map((n) => params.get(n)!);
    const o0 = noGrad(() => m.forward(x, { train: false }));
    const res = finiteDifferenceCheck({
      inputs: ps.map((p) => p.data),
      forward: () => {
        const o = noGrad(() => m.forward(x, { train: false }));
        return o.logits.data;
      },
      analytic: (c) => {
        for (const p of m.parameters()) p.grad = null;
        const o = m.forward(x, { train: false });
        o.logits.backward(c);
        return ps.map((p) => p.grad);
      },
      seed: 6,
      // Small steps: ReLU and the aux max are piecewise linear, a large step crosses their kinks.
      h: 2e-3,
      rtol: 2e-2,
      atol: 2e-3,
    });
    expect(o0.logits.size).toBeGreaterThan(0);
    expect(res.ok, `${picks.join(", ")}: ${res.message}`).toBe(true);
  });
});
