#!/usr/bin/env node
// Masked-LM pretraining of bert-accept's encoder (seeded 15 % / 80-10-10 masking, loss at masked positions
// only) on State of the Union sentences that are not in the acceptability held-out split. Writes a TRXC
// checkpoint of the BertForSequenceClassification (encoder pretrained; pooler and classifier at their
// seeded init; the MLM head is dropped, as HF does when fine-tuning) that `trex train --model <file>
// --dataset accept` fine-tunes; written periodically too, so an interrupted run still leaves one.
// Usage: node packages/train/scripts/pretrain-mlm.mjs --out <file.trxc> [--steps N] [--batch B] [--lr X]
//          [--min-lr X] [--warmup N] [--seed S] [--max-words W] [--eval-sentences N] [--eval-every N] [--checkpoint-every N]
import { parseArgs } from "node:util";
import { WordPieceTokenizer, shuffledIndices } from "@trex/data";
import { loadAcceptability, loadPretrainingCorpus } from "@trex/data/node";
import { createModel } from "@trex/models";
import { MLM_DEFAULTS, encodeCheckpoint, pretrainMlm, writeFileAtomicSync } from "@trex/train";

const { values: a } = parseArgs({
  options: {
    out: { type: "string" },
    steps: { type: "string", default: "2000" },
    batch: { type: "string", default: "32" },
    lr: { type: "string", default: "0.0005" },
    "min-lr": { type: "string", default: "0.00001" },
    warmup: { type: "string", default: "200" },
    seed: { type: "string", default: "0" },
    "max-words": { type: "string", default: "40" },
    "eval-sentences": { type: "string", default: "500" },
    "eval-every": { type: "string", default: "500" },
    "checkpoint-every": { type: "string", default: "200" },
  },
});
if (!a.out) {
  console.error("usage: pretrain-mlm.mjs --out <file.trxc> [--steps N] [--batch B] [--lr X] [--warmup N] [--seed S] ...");
  process.exit(2);
}
const num = (k) => {
  const v = Number(a[k]);
  if (!Number.isFinite(v)) {
    console.error(`--${k} must be a number, got ${a[k]}`);
    process.exit(2);
  }
  return v;
};
const seed = num("seed");
const task = loadAcceptability({ seed: 0 }); // the task's split and vocabulary (what `--dataset accept` uses)
const corpus = loadPretrainingCorpus({ seed: 0 }, { maxWords: num("max-words") });
// A seeded slice of the corpus is kept back to report masked-token accuracy on unseen text.
const order = shuffledIndices(corpus.length, seed + 17);
const nEval = Math.min(num("eval-sentences"), Math.floor(corpus.length / 10));
const evalSentences = Array.from(order.subarray(0, nEval), (i) => corpus[i]);
const sentences = Array.from(order.subarray(nEval), (i) => corpus[i]);
const tokenizer = new WordPieceTokenizer(task.vocab);
const model = createModel("bert-accept", { vocabSize: task.vocab.length });
const settings = { ...MLM_DEFAULTS, seed, steps: num("steps"), batchSize: num("batch"), lr: num("lr"), minLr: num("min-lr"), warmupSteps: num("warmup") };
const command = `node packages/train/scripts/pretrain-mlm.mjs ${process.argv.slice(2).join(" ")}`;
process.stderr.write(`mlm corpus: ${sentences.length} sentences (+${nEval} held back), vocab ${task.vocab.length}\n`);
const t0 = performance.now();
const c0 = process.cpuUsage();
let last = null;
const save = (step, result) => {
  const cpu = process.cpuUsage(c0);
  const header = {
    format: "trex-checkpoint",
    version: 1,
    model: { id: "bert-accept", config: model.config },
    methods: [],
    tokenizer: { vocab: [...task.vocab], maxLength: 64 },
    training: {
      command,
      seed,
      dataset: "accept-mlm (State of the Union sentences minus the accept held-out split; masked-LM, no labels)",
      steps: step,
      epochs: (step * settings.batchSize) / sentences.length,
      batchSize: settings.batchSize,
      accuracy: null,
      mcc: null,
      evalExamples: null,
      wallSeconds: (performance.now() - t0) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      finishedAt: new Date().toISOString(),
      teacher: null,
      mlm: { plannedSteps: settings.steps, finalLoss: result?.finalLoss ?? null, heldBackLoss: result?.eval?.loss ?? null, maskedTokenAccuracy: result?.eval?.accuracy ?? null },
    },
  };
  writeFileAtomicSync(a.out, encodeCheckpoint(header, model.stateEntries(false)));
};
const r = await pretrainMlm(model, sentences, tokenizer, settings, {
  progress: process.stderr,
  evalSentences,
  evalEvery: num("eval-every"),
  checkpointEvery: num("checkpoint-every"),
  onCheckpoint: (step) => {
    if (step < settings.steps) save(step, null);
    last = step;
  },
});
save(last ?? r.steps, r);
console.log(
  JSON.stringify({ out: a.out, steps: r.steps, epochs: r.epochs, finalLoss: r.finalLoss, heldBackLoss: r.eval?.loss, maskedTokenAccuracy: r.eval?.accuracy, wallSeconds: r.wallSeconds, cpuSeconds: r.cpuSeconds }),
);
