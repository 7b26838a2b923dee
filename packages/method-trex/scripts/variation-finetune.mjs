// Variation-aware fine-tuning of a TReX checkpoint (e.g. the output of `trex search --mode closed-form`):
// distillation from the unmodified model with every product of the student on seeded FeFET crossbars
// (ADC quantisation, write and read variation; straight-through backward), then the checkpoint is saved
// with the same method record. Run from the repository root after `pnpm build`:
//   node packages/method-trex/scripts/variation-finetune.mjs <trex.trxc> <teacher id|trxc> <steps> <out.trxc> [lr] [noise]
import { readFileSync } from "node:fs";
import { createRegistry } from "@trex/registry";
import { decodeCheckpoint, encodeCheckpoint, loadDataset, modelFromCheckpoint, resolveModel, writeFileAtomicSync } from "@trex/train";
import { distillTrain, trexPlugin } from "../dist/index.js";

const [ckptPath, teacherRef, stepsArg, out, lrArg = "2e-4", noiseArg = "fefet"] = process.argv.slice(2);
if (!out) throw new Error("usage: variation-finetune.mjs <trex.trxc> <teacher id|trxc> <steps> <out.trxc> [lr] [noise: fefet|hybrid|none]");
const registry = createRegistry();
registry.registerPlugin(trexPlugin);
const ckpt = decodeCheckpoint(new Uint8Array(readFileSync(ckptPath)), ckptPath);
const student = await modelFromCheckpoint(ckpt, registry.methods, ckptPath);
const teacher = (await resolveModel(teacherRef, { registry: registry.methods })).model;
const data = loadDataset(ckpt.header.training?.dataset ?? "fmnist", { split: "train" });
const noise = noiseArg === "none" ? null : noiseArg === "hybrid" ? { static: "fefet", dynamic: "sram" } : { static: noiseArg, dynamic: noiseArg };
const t0 = performance.now();
const r = await distillTrain(student, teacher, data, { seed: 0, steps: Number(stepsArg), learningRate: Number(lrArg) }, noise, {
  settings: { batchSize: 32 },
  progress: process.stderr,
});
const header = {
  ...ckpt.header,
  training: { ...ckpt.header.training, command: `variation-finetune ${process.argv.slice(2).join(" ")}`, steps: r.steps, epochs: r.epochs, batchSize: 32, wallSeconds: r.wallSeconds, cpuSeconds: r.cpuSeconds, finishedAt: new Date().toISOString() },
};
writeFileAtomicSync(out, encodeCheckpoint(header, student.stateEntries(false)));
console.log(JSON.stringify({ out, steps: r.steps, finalLoss: r.finalLoss, seconds: (performance.now() - t0) / 1000, noise }));
