import { crossEntropy, indexTensor, noGrad } from "@trex/tensor";
import { describe, expect, it } from "vitest";
import { BertForSequenceClassification, ModelConfigError } from "../index.js";
import { randomize, tinyBertConfig } from "./helpers.js";

// Two rows of 7 positions; the second is padded after 4 real tokens.
const T = 7;
const ids = indexTensor([2, 5, 9, 4, 11, 7, 3, 2, 8, 6, 3, 0, 0, 0], [2, T]);
const mask = indexTensor([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0], [2, T]);

describe('pooling "worst-token"', () => {
  const config = tinyBertConfig({ numClasses: 2, pooling: "worst-token", maxPositions: 10 });

  it("returns, per row, the logits of the real token with the largest class-0 margin", () => {
    const m = new BertForSequenceClassification(config);
    randomize(m, 5);
    const out = noGrad(() => m.forward({ inputIds: ids, attentionMask: mask }, { tokenLogits: true }));
    const z = out.tokenLogits!.data;
    const picked: number[] = [];
    for (let r = 0; r < 2; r++) {
      let best = 0;
      for (let t = 0; t < T; t++) {
        if (mask.data[r * T + t] === 0) continue;
        const margin = (u: number) => z[(r * T + u) * 2] - z[(r * T + u) * 2 + 1];
        if (margin(t) > margin(best)) best = t;
      }
      picked.push(best);
      expect(Array.from(out.logits.data.slice(2 * r, 2 * r + 2))).toEqual([z[(r * T + best) * 2], z[(r * T + best) * 2 + 1]]);
    }
    // The padded row's answer does not depend on what sits in its padding.
    const ids2 = indexTensor(Array.from(ids.data, (v, i) => (mask.data[i] === 0 ? 13 : v)), [2, T]);
    const again = noGrad(() => m.forward({ inputIds: ids2, attentionMask: mask }));
    expect(Array.from(again.logits.data)).toEqual(Array.from(out.logits.data));
    // The CLS-pooled twin (same weights) answers differently: the pooling really changed.
    const cls = new BertForSequenceClassification({ ...config, pooling: "cls" });
    cls.loadNamed(m.stateEntries().map(([n, t]) => [n, { data: t.data.slice(), shape: [...t.shape] }]));
    const clsOut = noGrad(() => cls.forward({ inputIds: ids, attentionMask: mask }));
    expect(Array.from(clsOut.logits.data)).not.toEqual(Array.from(out.logits.data));
    expect(picked.some((t) => t !== 0)).toBe(true);
  });

  it("its gradient passes finite differences (max pooling: the chosen token's path)", () => {
    const m = new BertForSequenceClassification(config);
    randomize(m, 6);
    const labels = new Int32Array([0, 1]);
    const lossAt = () => noGrad(() => crossEntropy(m.forward({ inputIds: ids, attentionMask: mask }).logits, labels)).data[0];
    for (const p of m.parameters()) p.grad = null;
    const loss = crossEntropy(m.forward({ inputIds: ids, attentionMask: mask }).logits, labels);
    loss.backward();
    const params = Object.fromEntries(m.namedParameters());
    for (const [name, i] of [
      ["classifier.weight", 3],
      ["bert.pooler.dense.weight", 10],
      ["bert.encoder.layer.2.output.dense.weight", 7],
      ["bert.embeddings.word_embeddings.weight", 9 * 8 + 2],
    ] as const) {
      const p = params[name];
      const g = p.grad![i];
      const h = 1e-2;
      const x0 = p.data[i];
      p.data[i] = x0 + h;
      p.markUpdated();
      const up = lossAt();
      p.data[i] = x0 - h;
      p.markUpdated();
      const down = lossAt();
      p.data[i] = x0;
      p.markUpdated();
      const fd = (up - down) / (2 * h);
      expect(Math.abs(fd - g), `${name}[${i}]: finite difference ${fd}, backward ${g}`).toBeLessThan(2e-3 + 2e-2 * Math.abs(fd));
    }
    expect(Math.abs(params["classifier.weight"].grad![3])).toBeGreaterThan(1e-4);
  });

  it("is refused for more than two classes, with the fix", () => {
    expect(() => new BertForSequenceClassification(tinyBertConfig({ pooling: "worst-token", numClasses: 3 }))).toThrow(ModelConfigError);
    expect(() => new BertForSequenceClassification(tinyBertConfig({ pooling: "worst-token", numClasses: 3 }))).toThrow(/numClasses 2.*use pooling "cls"/);
  });
});

describe('attentionInit "local"', () => {
  // bert-accept's shape (hidden 128, 4 heads of 32: positions in channels 96..127 as 16 sinusoid pairs,
  // exact for offsets below 32), one layer, 40 positions.
  const config = tinyBertConfig({ hidden: 128, heads: 4, layers: 1, intermediate: 64, maxPositions: 40, sequenceLength: 40, attentionInit: "local" });

  /** Layer-0 attention probabilities of one head, computed by hand from the embeddings and Q/K weights. */
  function layer0Attention(m: BertForSequenceClassification, tokens: number[], head: number): number[][] {
    const P = Object.fromEntries(m.namedParameters());
    const h = 128;
    const hd = 32;
    const word = P["bert.embeddings.word_embeddings.weight"].data;
    const pos = P["bert.embeddings.position_embeddings.weight"].data;
    const type = P["bert.embeddings.token_type_embeddings.weight"].data;
    const gain = P["bert.embeddings.LayerNorm.weight"].data;
    const shift = P["bert.embeddings.LayerNorm.bias"].data;
    const xs = tokens.map((id, i) => {
      const v = Array.from({ length: h }, (_, d) => word[id * h + d] + pos[i * h + d] + type[d]);
      const mean = v.reduce((a, b) => a + b) / h;
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / h + 1e-12);
      return v.map((x, d) => ((x - mean) / sd) * gain[d] + shift[d]);
    });
    const project = (w: Float32Array, b: Float32Array, x: number[]) =>
      Array.from({ length: hd }, (_, r) => x.reduce((s, xv, d) => s + w[(head * hd + r) * h + d] * xv, b[head * hd + r]));
    const q = P["bert.encoder.layer.0.attention.self.query.weight"].data;
    const qb = P["bert.encoder.layer.0.attention.self.query.bias"].data;
    const k = P["bert.encoder.layer.0.attention.self.key.weight"].data;
    const kb = P["bert.encoder.layer.0.attention.self.key.bias"].data;
    return xs.map((xi) => {
      const qi = project(q, qb, xi);
      const scores = xs.map((xj) => project(k, kb, xj).reduce((s, kv, r) => s + kv * qi[r], 0) / Math.sqrt(hd));
      const top = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - top));
      const z = e.reduce((a, b) => a + b);
      return e.map((v) => v / z);
    });
  }

  it("starts head 0 on the previous token and head 1 on the next one", () => {
    const m = new BertForSequenceClassification(config);
    const tokens = Array.from({ length: 33 }, (_, i) => (i * 7 + 3) % 20); // a 31-word sentence with [CLS] and [SEP]
    for (const [head, offset] of [
      [0, -1],
      [1, 1],
    ]) {
      const a = layer0Attention(m, tokens, head);
      for (let i = 0; i < tokens.length; i++) {
        const j = i + offset;
        if (j < 0 || j >= tokens.length) continue;
        expect(a[i][j], `head ${head}, position ${i}`).toBeGreaterThan(0.8);
      }
    }
    // Head 2 keeps its random init: attention about uniform.
    const other = layer0Attention(m, tokens, 2);
    expect(Math.max(...other.flat())).toBeLessThan(0.1);
  });

  it("is refused for heads of odd size", () => {
    expect(() => new BertForSequenceClassification(tinyBertConfig({ hidden: 6, heads: 2, attentionInit: "local" }))).toThrow(/even size/);
  });
});
