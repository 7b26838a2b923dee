#!/usr/bin/env node
// A count-based reference for the acceptability task (zoo README, "bert-accept: how far the data goes"):
// bigram and trigram counts over every State of the Union sentence outside the held-out split (the text
// bert-accept may learn from), eight features per sentence (lowest and second-lowest bigram PMI, mean PMI,
// unseen bigrams, unseen bigrams of two frequent words, repeated words, unseen trigrams of seen bigrams,
// length), and a logistic regression fitted by gradient descent. Two-fold cross-validation on the held-out
// split (seeded halves: fit on one, score the other, then swap), so no sentence is scored by weights fitted
// on it. Prints one JSON object: accuracy, MCC and accuracy per corruption kind over all 2 000 sentences.
// Usage: node packages/train/scripts/accept-ngram-reference.mjs [--seed 0]
import { parseArgs } from "node:util";
import { mcc as matthews, shuffledIndices } from "@trex/data";
import { loadAcceptability, loadPretrainingCorpus } from "@trex/data/node";

const { values: a } = parseArgs({ options: { seed: { type: "string", default: "0" } } });
const seed = Number(a.seed);
const heldOut = loadAcceptability({ seed: 0 }).heldOut;
const corpus = loadPretrainingCorpus({ seed: 0 }, { minWords: 1, maxWords: 1000 });

const words = (s) => ["<s>", ...s.toLowerCase().split(" "), "</s>"];
const uni = new Map();
const bi = new Map();
const tri = new Map();
const bump = (m, k) => m.set(k, (m.get(k) ?? 0) + 1);
let tokens = 0;
for (const s of corpus) {
  const w = words(s);
  tokens += w.length;
  w.forEach((x, i) => {
    bump(uni, x);
    if (i + 1 < w.length) bump(bi, `${x} ${w[i + 1]}`);
    if (i + 2 < w.length) bump(tri, `${x} ${w[i + 1]} ${w[i + 2]}`);
  });
}
const vocab = uni.size;
const count = (m, k) => m.get(k) ?? 0;
const logUnigram = (w) => Math.log((count(uni, w) + 0.1) / (tokens + 0.1 * vocab));
// Bigram probability with the unigram as a prior worth two observations.
const logBigram = (x, y) => Math.log((count(bi, `${x} ${y}`) + 2 * Math.exp(logUnigram(y))) / (count(uni, x) + 2));

function features(sentence) {
  const w = words(sentence);
  const pmi = [];
  let unseen = 0;
  let unseenFrequent = 0;
  let repeats = 0;
  let unseenTrigrams = 0;
  for (let i = 0; i + 1 < w.length; i++) {
    pmi.push(logBigram(w[i], w[i + 1]) - logUnigram(w[i + 1]));
    const seen = count(bi, `${w[i]} ${w[i + 1]}`) > 0;
    if (!seen) unseen++;
    if (!seen && count(uni, w[i]) >= 20 && count(uni, w[i + 1]) >= 20) unseenFrequent++;
    if (w[i] === w[i + 1]) repeats++;
    if (i + 2 < w.length && count(tri, `${w[i]} ${w[i + 1]} ${w[i + 2]}`) === 0 && count(bi, `${w[i]} ${w[i + 1]}`) > 0 && count(bi, `${w[i + 1]} ${w[i + 2]}`) > 0) unseenTrigrams++;
  }
  const sorted = [...pmi].sort((p, q) => p - q);
  return [sorted[0], sorted[1] ?? 0, pmi.reduce((s, p) => s + p, 0) / pmi.length, unseen, unseenFrequent, repeats, unseenTrigrams, w.length];
}

const n = heldOut.sentences.length;
const raw = heldOut.sentences.map(features);
const d = raw[0].length;
const mean = Array.from({ length: d }, (_, j) => raw.reduce((s, r) => s + r[j], 0) / n);
const std = Array.from({ length: d }, (_, j) => Math.sqrt(raw.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / n) + 1e-9);
const X = raw.map((r) => r.map((v, j) => (v - mean[j]) / std[j]));
const y = Array.from(heldOut.labels);

const order = Array.from(shuffledIndices(n, seed)); // seeded halves
const halves = [order.slice(0, n >> 1), order.slice(n >> 1)];

function fit(rows) {
  const w = new Array(d).fill(0);
  let b = 0;
  for (let it = 0; it < 2000; it++) {
    const gw = new Array(d).fill(0);
    let gb = 0;
    for (const i of rows) {
      const z = X[i].reduce((s, v, j) => s + v * w[j], b);
      const e = 1 / (1 + Math.exp(-z)) - y[i];
      for (let j = 0; j < d; j++) gw[j] += e * X[i][j];
      gb += e;
    }
    for (let j = 0; j < d; j++) w[j] -= (0.5 * gw[j]) / rows.length;
    b -= (0.5 * gb) / rows.length;
  }
  return { w, b };
}

const predictions = new Int32Array(n);
for (const [train, test] of [halves, [halves[1], halves[0]]]) {
  const { w, b } = fit(train);
  for (const i of test) predictions[i] = X[i].reduce((s, v, j) => s + v * w[j], b) > 0 ? 1 : 0;
}
const right = (i) => predictions[i] === y[i];
const byKind = {};
for (let i = 0; i < n; i++) {
  const k = heldOut.corruptions[i] ?? "acceptable";
  byKind[k] ??= { right: 0, count: 0 };
  byKind[k].count++;
  if (right(i)) byKind[k].right++;
}
console.log(
  JSON.stringify(
    {
      corpus_sentences: corpus.length,
      corpus_tokens: tokens,
      held_out: n,
      accuracy: order.filter(right).length / n,
      mcc: matthews(predictions, Int32Array.from(y)),
      accuracy_by_kind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, v.right / v.count])),
      seed,
    },
    null,
    2,
  ),
);
