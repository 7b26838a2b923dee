import { WordPieceTokenizer } from "@trex/data";
import { type BertForSequenceClassification, createModel, type TextInput } from "@trex/models";
import { indexTensor, tensor } from "@trex/tensor";
import { describe, expect, it } from "vitest";
import { defaultLossWeights, siteLoss, trainingLoss } from "../distillation.js";
import { loadDataset } from "../datasets.js";
import { shardBackward } from "../shard-step.js";
import { defaultSettings, train } from "../trainer.js";
import { NO_TOKEN_TARGET, TextData } from "../text-data.js";

// A hand-made vocabulary: "cats" splits into cat + ##s, "." is its own token.
const VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "##s", "sat", "on", "mat", ".", "a"];
const tok = new WordPieceTokenizer(VOCAB);
const X = NO_TOKEN_TARGET;

function sitesData() {
  return new TextData({
    info: { id: "t", split: "train", source: "test", path: null },
    sentences: ["the cats sat sat on the mat.", "the cats sat.", "a cat sat on the mat."],
    labels: Int32Array.from([0, 0, 1]),
    sites: [[3], [1], null],
    numClasses: 2,
    tokenizer: tok,
    maxLength: 16,
  });
}

describe("token targets of text with error sites", () => {
  it("0 on every piece of a damaged word, 1 on other pieces, -1 on [CLS], [SEP] and padding", () => {
    const b = sitesData().batch(Int32Array.from([0, 1, 2]));
    // [CLS] the cat ##s sat sat on the mat . [SEP]  → 11 positions (the longest row sets the width)
    expect((b.inputs as TextInput).inputIds.shape).toEqual([3, 11]);
    expect(Array.from(b.tokenTargets!.subarray(0, 11))).toEqual([X, 1, 1, 1, 1, 0, 1, 1, 1, 1, X]);
    // [CLS] the cat ##s sat . [SEP] pad…: both pieces of "cats" are damaged
    expect(Array.from(b.tokenTargets!.subarray(11, 22))).toEqual([X, 1, 0, 0, 1, 1, X, X, X, X, X]);
    // an intact sentence: all ones
    expect(Array.from(b.tokenTargets!.subarray(22, 33))).toEqual([X, 1, 1, 1, 1, 1, 1, 1, X, X, X]);
    // subsets keep each sentence's sites
    expect(Array.from(sitesData().subset(Int32Array.from([1])).batch(Int32Array.from([0])).tokenTargets!)).toEqual([X, 1, 0, 0, 1, 1, X]);
  });

  it("plain text data carries no token targets, and train() refuses the site loss on it", async () => {
    const d = new TextData({ ...{ info: { id: "t", split: "train" as const, source: "test", path: null } }, sentences: ["the cat sat."], labels: Int32Array.from([1]), numClasses: 2, tokenizer: tok, maxLength: 8 });
    expect(d.batch(Int32Array.from([0])).tokenTargets).toBeUndefined();
    expect(d.hasTokenTargets).toBe(false);
    expect(sitesData().hasTokenTargets).toBe(true);
    const m = createModel("bert-accept", { vocabSize: VOCAB.length, layers: 1, hidden: 16, heads: 2, intermediate: 32, seed: 4 });
    const settings = defaultSettings(m, 2, { batchSize: 1, warmupSteps: 0, loss: { ...defaultLossWeights("bert"), tokenSite: 1 } });
    await expect(train(m, d, settings)).rejects.toThrow(/tokenSite = 1 needs a dataset with error sites/);
  });

  it("accept-corpus: pairs from sentences outside the held-out split; its eval split is accept's", () => {
    const train = loadDataset("accept-corpus", { split: "train" });
    const held = loadDataset("accept", { split: "eval" });
    const evalSplit = loadDataset("accept-corpus", { split: "eval" });
    expect(evalSplit.count).toBe(held.count);
    expect(Array.from(evalSplit.labels)).toEqual(Array.from(held.labels));
    expect(train.count).toBeGreaterThan(8 * held.count);
    const b = train.batch(Int32Array.from({ length: 64 }, (_, i) => i));
    // Each corrupted sentence (even index + 1) has at least one damaged token; originals none.
    const [, t] = (b.inputs as TextInput).inputIds.shape;
    for (let r = 0; r < 64; r++) {
      const row = Array.from(b.tokenTargets!.subarray(r * t, r * t + t));
      expect(row.includes(0)).toBe(b.labels[r] === 0);
    }
  });
});

// float64 reference of the class-balanced token CE.
const ce = (row: number[], y: number) => {
  const m = Math.max(...row);
  return m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0)) - row[y];
};

describe("siteLoss", () => {
  const logits = [2, -1, 0.5, 0.3, -0.7, 1.2, 0.1, 0.1, 3, 3];
  const targets = Int32Array.from([0, 1, 1, X, 0]);
  const rows = [0, 1, 2, 3, 4].map((r) => logits.slice(2 * r, 2 * r + 2));
  const expected = 0.5 * ((ce(rows[0], 0) + ce(rows[4], 0)) / 2) + 0.5 * ((ce(rows[1], 1) + ce(rows[2], 1)) / 2);

  it("is the mean of the damaged-token and the intact-token CE, skipping -1", () => {
    expect(siteLoss(tensor(logits, [5, 2]), targets)!.data[0]).toBeCloseTo(expected, 5);
    // Only one kind present: its mean alone; none: null.
    expect(siteLoss(tensor(logits, [5, 2]), Int32Array.from([X, 1, 1, X, X]))!.data[0]).toBeCloseTo((ce(rows[1], 1) + ce(rows[2], 1)) / 2, 5);
    expect(siteLoss(tensor(logits, [5, 2]), Int32Array.from([X, X, X, X, X]))).toBeNull();
  });

  it("has the gradient of its definition (central finite differences)", () => {
    const x = tensor(logits, [5, 2], true);
    siteLoss(x, targets)!.backward();
    const h = 1e-3;
    for (let i = 0; i < logits.length; i++) {
      const f = (d: number) => {
        const l = logits.slice();
        l[i] += d;
        const r = [0, 1, 2, 3, 4].map((k) => l.slice(2 * k, 2 * k + 2));
        return 0.5 * ((ce(r[0], 0) + ce(r[4], 0)) / 2) + 0.5 * ((ce(r[1], 1) + ce(r[2], 1)) / 2);
      };
      expect(x.grad![i]).toBeCloseTo((f(h) - f(-h)) / (2 * h), 3);
    }
  });

  it("enters the training loss with its weight only when the weight and the targets are there", () => {
    const out = { logits: tensor([0.2, -0.1], [1, 2]), clsToken: tensor([0, 0], [1, 2]), tokenLogits: tensor(logits, [1, 5, 2]) };
    const w = { labelSmoothing: 0, distill: 0, clsKl: 0, tokenLabel: 0, tokenSite: 0.7 };
    const t = trainingLoss(out, Int32Array.from([1]), null, w, targets);
    expect(t.tokenSite).toBeCloseTo(expected, 5);
    expect(t.total.data[0]).toBeCloseTo(ce([0.2, -0.1], 1) + 0.7 * expected, 5);
    expect(trainingLoss(out, Int32Array.from([1]), null, { ...w, tokenSite: 0 }, targets).tokenSite).toBe(0);
    expect(trainingLoss(out, Int32Array.from([1]), null, w).tokenSite).toBe(0);
    expect(() => trainingLoss({ ...out, tokenLogits: undefined }, Int32Array.from([1]), null, w, targets)).toThrow(/per-token logits/);
  });
});

describe("BERT tokenLogits", () => {
  const model = createModel("bert-accept", { vocabSize: VOCAB.length, layers: 2, hidden: 16, heads: 2, intermediate: 32, seed: 4 }) as BertForSequenceClassification;
  const e = tok.encodeBatch(["the cats sat on the mat.", "a cat sat."], { maxLength: 10 });
  const inputs = { inputIds: indexTensor(e.inputIds, [2, 10]), attentionMask: indexTensor(e.attentionMask, [2, 10]), tokenTypeIds: indexTensor(e.tokenTypeIds, [2, 10]) };

  it("is the pooler + classifier on each position, written out by hand; position 0 gives the sentence logits", () => {
    const out = model.forward(inputs, { tokenLogits: true });
    expect(out.tokenLogits!.shape).toEqual([2, 10, 2]);
    const p = new Map(model.namedParameters().map(([n, q]) => [n, q.data] as const));
    const [pw, pb, cw, cb] = ["bert.pooler.dense.weight", "bert.pooler.dense.bias", "classifier.weight", "classifier.bias"].map((n) => p.get(n)!);
    const H = 16;
    const seq = out.sequenceOutput.data;
    for (let b = 0; b < 2; b++) {
      for (let t = 0; t < 10; t++) {
        const x = seq.subarray((b * 10 + t) * H, (b * 10 + t + 1) * H);
        // HF Linear: y = x Wᵀ + b with W [out, in]
        const pooled = Array.from({ length: H }, (_, o) => Math.tanh(pb[o] + x.reduce((s, v, i) => s + v * pw[o * H + i], 0)));
        for (let c = 0; c < 2; c++) {
          const y = cb[c] + pooled.reduce((s, v, i) => s + v * cw[c * H + i], 0);
          expect(out.tokenLogits!.data[(b * 10 + t) * 2 + c]).toBeCloseTo(y, 4);
        }
      }
      for (let c = 0; c < 2; c++) expect(out.tokenLogits!.data[b * 20 + c]).toBeCloseTo(out.logits.data[b * 2 + c], 5);
    }
    expect(model.forward(inputs).tokenLogits).toBeUndefined();
  });

  it("a training shard with the site weight back-propagates CE + weight · site loss", () => {
    const data = sitesData();
    const m = createModel("bert-accept", { vocabSize: VOCAB.length, layers: 2, hidden: 16, heads: 2, intermediate: 32, seed: 4 }) as BertForSequenceClassification;
    const params = m.parameters();
    const w = { labelSmoothing: 0, distill: 0, clsKl: 0, tokenLabel: 0, tokenSite: 2 };
    const idx = Int32Array.from([0, 1, 2]);
    const withSites = shardBackward(m, null, data, idx, undefined, 1, w, params);
    expect(withSites.tokenSite).toBeGreaterThan(0);
    expect(withSites.total.data[0]).toBeCloseTo(withSites.ce + 2 * withSites.tokenSite, 5);
    const gSites = params.map((q) => q.grad?.slice());
    const plain = shardBackward(m, null, data, idx, undefined, 1, { ...w, tokenSite: 0 }, params);
    expect(plain.tokenSite).toBe(0);
    expect(plain.ce).toBeCloseTo(withSites.ce, 6);
    // The site term changes the gradient (of the encoder too, not only the head).
    const qi = params.findIndex((q) => q === m.namedParameters().find(([n]) => n === "bert.encoder.layer.0.attention.self.query.weight")![1]);
    expect(Array.from(params[qi].grad!)).not.toEqual(Array.from(gSites[qi]!));
  });
});
