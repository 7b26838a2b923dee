#!/usr/bin/env node
// A shallower bert-accept on accept-corpus, for learning-curve pilots (zoo README, "bert-accept: how far the
// data goes"): the registered bert-accept architecture with --layers encoders, seeded init, CE + token-level
// site loss, one thread; periodic eval on the first --eval-limit held-out sentences, final eval on all 2 000.
// Prints one JSON object (accuracy, MCC, the periodic evals, wall time).
// Usage: node packages/train/scripts/accept-pilot.mjs [--layers 4] [--steps 1500] [--lr 0.0005] [--warmup 150]
//          [--seed 0] [--eval-every 500] [--eval-limit 500]
import { parseArgs } from "node:util";
import { createModel } from "@trex/models";
import { defaultSettings, evaluate, loadDataset, train } from "@trex/train";

const { values: a } = parseArgs({
  options: {
    layers: { type: "string", default: "4" },
    steps: { type: "string", default: "1500" },
    lr: { type: "string", default: "0.0005" },
    warmup: { type: "string", default: "150" },
    seed: { type: "string", default: "0" },
    "eval-every": { type: "string", default: "500" },
    "eval-limit": { type: "string", default: "500" },
  },
});
const int = (k) => {
  const v = Number(a[k]);
  if (!Number.isInteger(v) || v < 0) {
    console.error(`--${k} must be a non-negative integer, got ${a[k]}`);
    process.exit(2);
  }
  return v;
};
const lr = Number(a.lr);
if (!(lr > 0)) {
  console.error(`--lr must be a positive number, got ${a.lr}`);
  process.exit(2);
}
const data = loadDataset("accept-corpus", { split: "train" });
const vocab = data.tokenizer?.vocab;
const evalSome = loadDataset("accept-corpus", { split: "eval", vocab, limit: int("eval-limit") });
const evalAll = loadDataset("accept-corpus", { split: "eval", vocab });
const model = createModel("bert-accept", { ...data.modelOverrides, layers: int("layers") });
const settings = defaultSettings(model, int("steps"), {
  seed: int("seed"),
  batchSize: 32,
  lr,
  minLr: 1e-5,
  warmupSteps: int("warmup"),
  loss: { labelSmoothing: 0.1, distill: 0, clsKl: 0, tokenLabel: 0, tokenSite: 1 },
});
// Periodic evals from the checkpoint hook (the weights as they stand at that step), not from the log text.
const evals = [];
const every = int("eval-every");
const result = await train(model, data, settings, {
  progress: process.stderr,
  checkpointEvery: every || undefined,
  onCheckpoint: (snap) => {
    if (snap.step >= settings.steps) return; // the final eval below covers the end
    const r = evaluate(model, evalSome);
    evals.push({ step: snap.step, accuracy: r.accuracy, mcc: r.mcc });
    process.stderr.write(`  eval at step ${snap.step}: accuracy ${(100 * r.accuracy).toFixed(2)} %, mcc ${r.mcc.toFixed(4)} on ${r.count}\n`);
  },
});
const ev = evaluate(model, evalAll);
console.log(
  JSON.stringify(
    {
      layers: int("layers"),
      steps: result.steps,
      epochs: result.epochs,
      lr,
      seed: int("seed"),
      final_loss: result.finalLoss,
      accuracy: ev.accuracy,
      mcc: ev.mcc,
      eval_examples: ev.count,
      periodic: evals,
      wall_seconds: result.wallSeconds,
    },
    null,
    2,
  ),
);
