// Cost of the training-free closed-form TB fit for deit-fmnist (dim 64, 12 encoders, 50 tokens) with 4
// reusing encoders on 64 calibration images, against the reference measured in the same run: one ideal
// forward pass of the same batch. The fit includes applying trex (a model clone), two passes of the reused
// model, a float64 GELU inversion of every target and four (d+1)² normal-equation accumulations and solves.
import { createModel } from "@trex/models";
import { noGrad, Rng, randn } from "@trex/tensor";
import { quick, report, timeit } from "../../../tooling/bench/harness.mjs";
import { applyTrex, fitTransformBlocks } from "../dist/index.js";

const teacher = createModel("deit-fmnist").eval();
const batch = randn([quick ? 16 : 64, 1, 28, 28], new Rng(1));
const attention = [noGrad(() => teacher.forward(batch, { returnAttention: true })).attentionOutputs];
const params = { reuse: [4, 6, 8, 10], chain: "nearest-computed", tbInit: "small" };
const opts = { minRuns: quick ? 1 : 3, minTimeS: quick ? 0 : 1 };

const forward = await timeit(() => noGrad(() => teacher.forward(batch)), opts);
const fit = await timeit(() => fitTransformBlocks(applyTrex(teacher, params), teacher, [batch], { teacherAttention: attention }), opts);
report({ name: `closed-form fit, 4 TBs, deit-fmnist, ${batch.shape[0]} images`, value: fit, unit: "s", reference: forward });
