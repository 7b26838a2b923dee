#!/usr/bin/env node
// Turns the last periodic checkpoint of an interrupted `trex train --out` run into a final checkpoint:
// optimizer state and resume record dropped, evaluated on the dataset's full eval split, and the training
// record saying honestly where the run stopped (`stoppedAtStep` of `plannedSteps`).
// Usage: node packages/train/scripts/finalize-checkpoint.mjs <periodic.trxc> <out.trxc>
import { encodeCheckpoint, evaluate, loadDataset, modelFromCheckpoint, readCheckpointFile, writeFileAtomicSync } from "@trex/train";

const [src, out] = process.argv.slice(2);
if (!src || !out) {
  console.error("usage: finalize-checkpoint.mjs <periodic.trxc> <out.trxc>");
  process.exit(2);
}
const ckpt = readCheckpointFile(src);
const { resume, training, ...rest } = ckpt.header;
if (!resume || !training) {
  console.error(`${src} is not a periodic (resumable) checkpoint`);
  process.exit(2);
}
const model = await modelFromCheckpoint(ckpt, null, src);
const data = loadDataset(training.dataset, { split: "eval", vocab: ckpt.header.tokenizer?.vocab });
const ev = evaluate(model, data);
const { run, ...record } = training;
const header = {
  ...rest,
  training: {
    ...record,
    command: run?.command ?? record.command,
    accuracy: ev.accuracy,
    mcc: data.kind === "text" ? ev.mcc : null,
    evalExamples: ev.count,
    finishedAt: new Date().toISOString(),
    stoppedAtStep: resume.step,
    plannedSteps: resume.options.steps,
  },
};
writeFileAtomicSync(out, encodeCheckpoint(header, model.stateEntries(false)));
console.log(JSON.stringify({ out, step: resume.step, plannedSteps: resume.options.steps, accuracy: ev.accuracy, mcc: ev.mcc, examples: ev.count, wallSeconds: record.wallSeconds, cpuSeconds: record.cpuSeconds }));
