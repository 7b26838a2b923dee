import { finiteDifferenceCheck } from "@trex/test-utils";
import { crossEntropy, indexTensor, noGrad } from "@trex/tensor";
import { describe, expect, it } from "vitest";
import { BertMlmHead, ModelInputError, WeightLoadError } from "../index.js";
import { randomize, tinyBert } from "./helpers.js";

// Two sentences of 6 tokens, the second with two padding positions; ids < tinyBert's vocab of 20.
const inputs = {
  inputIds: indexTensor([2, 5, 7, 4, 9, 3, 2, 8, 4, 11, 0, 0], [2, 6]),
  attentionMask: indexTensor([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0], [2, 6]),
};
const positions = Int32Array.of(1, 3, 8, 9);
const targets = Int32Array.of(6, 12, 13, 10);

function setup(seed = 3) {
  const model = tinyBert();
  const head = new BertMlmHead(model, { seed: 4 });
  randomize(model, seed);
  randomize(head, seed + 1);
  return { model, head };
}

/** erf by Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7): an independent float64 GELU for the reference. */
function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

describe("BertMlmHead", () => {
  it("uses HF's cls.predictions names and ties the decoder to the word embeddings (one parameter)", () => {
    const { model, head } = setup();
    expect(head.headEntries().map(([n]) => n).sort()).toEqual([
      "cls.predictions.bias",
      "cls.predictions.transform.LayerNorm.bias",
      "cls.predictions.transform.LayerNorm.weight",
      "cls.predictions.transform.dense.bias",
      "cls.predictions.transform.dense.weight",
    ]);
    expect(head.decoderWeight).toBe(model.embeddings.wordEmbeddings);
    const all = [...model.parameters(), ...head.parameters()];
    expect(all.filter((p) => p === model.embeddings.wordEmbeddings)).toHaveLength(1);
  });

  it("matches a float64 hand computation at the masked positions (padding rows ignored by position)", () => {
    const { model, head } = setup();
    const seq = noGrad(() => model.forward(inputs).sequenceOutput);
    const logits = noGrad(() => head.logitsAt(seq, positions));
    const h = model.config.hidden;
    const v = model.config.vocabSize;
    expect(logits.shape).toEqual([positions.length, v]);
    const d = head.transform.dense;
    const ln = head.transform.layerNorm;
    const emb = model.embeddings.wordEmbeddings.data;
    let worst = 0;
    positions.forEach((p, r) => {
      const x = Array.from(seq.data.subarray(p * h, p * h + h));
      const y = Array.from({ length: h }, (_, o) => {
        let s = d.bias!.data[o];
        for (let i = 0; i < h; i++) s += d.weight.data[o * h + i] * x[i];
        return 0.5 * s * (1 + erf(s / Math.SQRT2));
      });
      const mean = y.reduce((a, b) => a + b, 0) / h;
      const variance = y.reduce((a, b) => a + (b - mean) ** 2, 0) / h;
      const z = y.map((u, i) => ((u - mean) / Math.sqrt(variance + model.config.eps)) * ln.weight.data[i] + ln.bias.data[i]);
      for (let k = 0; k < v; k++) {
        let s = head.bias.data[k];
        for (let i = 0; i < h; i++) s += emb[k * h + i] * z[i];
        worst = Math.max(worst, Math.abs(s - logits.data[r * v + k]) / (1 + Math.abs(s)));
      }
    });
    expect(worst).toBeLessThan(1e-4);
  });

  it("gradients of the head and the tied table match float64 finite differences", () => {
    const { model, head } = setup(7);
    const ps = [head.transform.dense.weight, head.transform.layerNorm.weight, head.bias, model.embeddings.wordEmbeddings, model.blocks[0].mlp.fc1.weight];
    const logitsOf = () => head.logitsAt(model.forward(inputs, { train: false }).sequenceOutput, positions);
    const res = finiteDifferenceCheck({
      inputs: ps.map((p) => p.data),
      forward: () => noGrad(logitsOf).data,
      analytic: (c) => {
        for (const p of [...model.parameters(), ...head.parameters()]) p.grad = null;
        logitsOf().backward(c);
        return ps.map((p) => p.grad);
      },
      seed: 8,
      h: 2e-3,
      rtol: 2e-2,
      atol: 2e-3,
    });
    expect(res.checked).toBeGreaterThan(100);
    expect(res.ok, res.message).toBe(true);
  });

  it("the tied table's gradient is the sum of its decoder use and its input use", () => {
    const { model, head } = setup(9);
    const w = model.embeddings.wordEmbeddings;
    const h = model.config.hidden;
    // Decoder use alone: the encoder output is fixed (computed without gradients).
    const seq = noGrad(() => model.forward(inputs).sequenceOutput);
    w.grad = null;
    crossEntropy(head.logitsAt(seq, positions), targets).backward();
    const decoderOnly = w.grad!.slice();
    w.grad = null;
    head.loss(inputs, positions, targets).loss.backward();
    const both = w.grad!;
    const used = new Set(Array.from(inputs.inputIds.data).filter((_, i) => inputs.attentionMask.data[i] === 1));
    for (let row = 0; row < model.config.vocabSize; row++) {
      let diff = 0;
      for (let i = 0; i < h; i++) diff = Math.max(diff, Math.abs(both[row * h + i] - decoderOnly[row * h + i]));
      // Rows fed as input get an extra gradient through the encoder; the others only the decoder's.
      if (used.has(row)) expect(diff, `row ${row}`).toBeGreaterThan(1e-6);
      else expect(diff, `row ${row}`).toBeLessThan(1e-6);
    }
  });

  it("rejects positions outside the batch and mismatched targets with ModelInputError", () => {
    const { model, head } = setup();
    const seq = noGrad(() => model.forward(inputs).sequenceOutput);
    expect(() => head.logitsAt(seq, Int32Array.of(12))).toThrow(ModelInputError);
    expect(() => head.loss(inputs, positions, Int32Array.of(1))).toThrow(/one target per masked position/);
  });

  it("loads its HF tensors (decoder.bias alias), checks the tied decoder.weight, and refuses missing ones", () => {
    const { model, head } = setup();
    const other = new BertMlmHead(model, { seed: 11 });
    const named: [string, { data: Float32Array; shape: number[] }][] = head.headEntries().map(([n, p]) => [n === "cls.predictions.bias" ? "cls.predictions.decoder.bias" : n, { data: p.data, shape: [...p.shape] }]);
    named.push(["cls.predictions.decoder.weight", { data: model.embeddings.wordEmbeddings.data, shape: [...model.embeddings.wordEmbeddings.shape] }]);
    named.push(["bert.pooler.dense.weight", { data: new Float32Array(1), shape: [1] }]);
    other.loadNamed(named);
    for (const [[n, a], [, b]] of head.headEntries().map((e, i) => [e, other.headEntries()[i]] as const)) expect(Array.from(b.data), n).toEqual(Array.from(a.data));
    const wrongTie = named.map(([n, t]) => (n === "cls.predictions.decoder.weight" ? ([n, { data: t.data.map((x) => x + 1), shape: t.shape }] as const) : ([n, t] as const)));
    expect(() => other.loadNamed(wrongTie)).toThrow(WeightLoadError);
    expect(() => other.loadNamed(named.filter(([n]) => n !== "cls.predictions.transform.dense.bias"))).toThrow(/lack cls\.predictions\.transform\.dense\.bias/);
  });
});
