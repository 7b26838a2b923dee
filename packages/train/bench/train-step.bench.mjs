// Cost of one training step of the embedded models' architectures (forward + losses + backward + clip +
// AdamW through @trex/train), against the forward pass alone of the same batch, measured in the same run.
// Also the distillation overhead: a DeiT step with a teacher (its forward, no gradients) against one without.
import { createModel } from "@trex/models";
import { defaultSettings, loadDataset, train } from "@trex/train";
import { noGrad } from "@trex/tensor";
import { quick, report, timeit } from "../../../tooling/bench/harness.mjs";

const data = loadDataset("fmnist", { split: "train", limit: 2048 });
const runs = { minTimeS: quick ? 0 : 3, minRuns: quick ? 1 : 3 };
const batch = 32;

for (const id of ["deit-fmnist", "lvvit-fmnist"]) {
  const model = createModel(id);
  const idx = Int32Array.from({ length: batch }, (_, i) => i);
  const { inputs } = data.batch(idx);
  const fwd = await timeit(() => noGrad(() => model.forward(inputs, { train: false })), runs);
  let seed = 0;
  const step = await timeit(() => train(model, data, defaultSettings(model, 2, { batchSize: batch, seed: seed++, warmupSteps: 1 })).then(() => undefined), runs);
  report({ name: `${id} train step (batch ${batch}), s`, value: step / 2, unit: "s", reference: fwd });
}

const student = createModel("deit-fmnist");
const teacher = createModel("deit-fmnist", { seed: 1 });
let s = 0;
const plain = await timeit(() => train(student, data, defaultSettings(student, 2, { batchSize: batch, seed: s++, warmupSteps: 1 })), runs);
const distil = await timeit(() => train(student, data, defaultSettings(student, 2, { batchSize: batch, seed: s++, warmupSteps: 1 }), { teacher }), runs);
report({ name: "deit-fmnist step with a teacher (DeiT loss), s", value: distil / 2, unit: "s", reference: plain / 2 });
