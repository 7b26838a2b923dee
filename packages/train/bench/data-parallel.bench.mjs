// Data-parallel training throughput: deit-fmnist at batch 32 on 2 worker threads (main + 1) against the
// single-thread trainer, measured in the same run. Steady-state steps/s: the time of a long run minus a
// short one, so the workers' start-up (rebuilding the replica, loading the data) is left out; it is
// reported on its own row. The speed-up needs 2 idle cores: on a loaded machine it shrinks.
import { createModel } from "@trex/models";
import { defaultSettings, loadDataset, train } from "@trex/train";
import { quick, report, timeit } from "../../../tooling/bench/harness.mjs";

const dataset = { ref: "fmnist", options: { split: "train", limit: 2048 } };
const data = loadDataset(dataset.ref, dataset.options);
const replicas = { methods: [], dataset };
const runs = { minTimeS: 0, minRuns: quick ? 1 : 3, warmup: quick ? 0 : 1 };
const short = 2;
const long = quick ? 6 : 22;

async function seconds(workers, steps) {
  return timeit(async () => {
    const model = createModel("deit-fmnist");
    await train(model, data, defaultSettings(model, steps, { batchSize: 32, warmupSteps: 1, workers }), { replicas });
  }, runs);
}

const rate = {};
const fixed = {};
for (const workers of [1, 2]) {
  const a = await seconds(workers, short);
  const b = await seconds(workers, long);
  rate[workers] = (long - short) / (b - a);
  fixed[workers] = a - short / rate[workers];
}
report({ name: "deit-fmnist train steps/s (batch 32), 2 workers vs 1", value: rate[2], unit: "steps/s", reference: rate[1] });
// Extra fixed cost of a 2-worker run (threads, replica, data), against one single-thread step.
report({ name: "deit-fmnist 2-worker start-up overhead, s (reference: one 1-thread step)", value: fixed[2] - fixed[1], unit: "s", reference: 1 / rate[1] });
