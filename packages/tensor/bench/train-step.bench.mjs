// One training step (forward + backward + AdamW) of the 12-encoder Fashion-MNIST ViT at batch 64,
// on the active (WASM SIMD) kernels; the reference is the same step on the plain-TypeScript kernels,
// measured in the same run, so ratio = wasm ms / ts ms (its inverse is the WASM speed-up).
// Run via `pnpm --filter @trex/tensor bench` (compiles src and the test helper model into .bench/).
import { getKernels, setKernels, tsKernels } from "@trex/kernels";
import { quick, report, timeit } from "../../../tooling/bench/harness.mjs";
import { FMNIST_VIT, TinyVit } from "../.bench/__tests__/tiny-vit.js";
import { AdamW, Rng, crossEntropy, noGrad, rand } from "../.bench/index.js";

const BATCH = 64;
const model = new TinyVit(FMNIST_VIT, 1);
const params = [...model.params.values()];
const opt = new AdamW(params, { lr: 1e-4 });
const images = rand([BATCH, 1, 28, 28], new Rng(2));
const labels = Int32Array.from({ length: BATCH }, (_, i) => i % 10);

function trainStep() {
  const loss = crossEntropy(model.forward(images), labels);
  opt.zeroGrad();
  loss.backward();
  opt.step();
}

function forwardOnly() {
  noGrad(() => model.forward(images));
}

const fast = getKernels();
const opts = quick ? { minTimeS: 0, minRuns: 1, warmup: 1 } : { minTimeS: 5, minRuns: 5, warmup: 2 };
const refOpts = quick ? { minTimeS: 0, minRuns: 1, warmup: 0 } : { minTimeS: 10, minRuns: 3, warmup: 1 };

const stepFast = await timeit(trainStep, opts);
const fwdFast = await timeit(forwardOnly, opts);
setKernels(tsKernels);
const stepTs = await timeit(trainStep, refOpts);
const fwdTs = await timeit(forwardOnly, refOpts);
setKernels(fast);

const tag = `ViT-12 d64 h4 50 tokens, batch ${BATCH}, ${fast.name} vs ts kernels`;
report({ name: `tensor: train step (fwd+bwd+AdamW), ${tag}`, value: stepFast * 1000, unit: "ms/step", reference: stepTs * 1000 });
report({ name: `tensor: forward (no grad), ${tag}`, value: fwdFast * 1000, unit: "ms/batch", reference: fwdTs * 1000 });
