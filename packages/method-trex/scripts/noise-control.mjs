#!/usr/bin/env node
// The noise-aware study row's control (study.sh noise-aware-control): the unmodified model given the same
// variation-aware fine-tune as the reused models of `study.sh noise-aware` (distillation from itself,
// FeFET noise in the forward pass, same steps, lr, batch and seed), then ideal accuracy on the whole eval
// split and non-ideal accuracy (all-FeFET, seeds 0..2) on its first 500 examples. Prints one JSON object.
// Usage: node packages/method-trex/scripts/noise-control.mjs <model id or checkpoint> <dataset> <steps> [lr]
import { FEFET_NOISE, distillTrain } from "@trex/method-trex";
import { evaluate, evaluateNonideal, loadDataset, loadModelAndData, resolveModel } from "@trex/train";

const [modelRef, dataset, stepsArg, lrArg = "3e-4"] = process.argv.slice(2);
const steps = Number(stepsArg);
const lr = Number(lrArg);
if (!modelRef || !dataset || !Number.isInteger(steps) || steps < 1 || !(lr > 0)) {
  console.error("usage: noise-control.mjs <model id or checkpoint> <dataset> <steps (integer ≥ 1)> [lr > 0]");
  process.exit(2);
}
const started = performance.now();
const { resolved, data } = await loadModelAndData(modelRef, dataset, { split: "train" });
const student = resolved.model;
const teacher = (await resolveModel(modelRef)).model;
const vocab = data.tokenizer?.vocab;
const evalAll = loadDataset(dataset, { split: "eval", vocab });
const evalNonideal = evalAll.take(500);
const result = await distillTrain(student, teacher, data, { steps, learningRate: lr, seed: 0 }, FEFET_NOISE, {
  settings: { batchSize: 32 },
  progress: process.stderr,
});
student.eval();
const ideal = evaluate(student, evalAll);
const nonideal = evaluateNonideal(student, evalNonideal, { preset: "fefet", seeds: [0, 1, 2], batchSize: 32, progress: process.stderr });
const report = {
  model: modelRef,
  source: resolved.source,
  dataset,
  steps: result.steps,
  lr,
  batch: 32,
  seed: 0,
  noise: FEFET_NOISE,
  ideal: { accuracy: ideal.accuracy, examples: ideal.count },
  nonideal: { design: "fefet", mean: nonideal.mean, std: nonideal.std, seeds: nonideal.seeds, values: nonideal.values, examples: evalNonideal.count },
  wall_seconds: (performance.now() - started) / 1000,
};
console.log(JSON.stringify(report, null, 2));
