import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EMBEDDED_FASHION_MNIST_DIR } from "@trex/data/node";
import { mixSeeds } from "@trex/data";
import { describe, expect, it } from "vitest";
import { DataParallel } from "../data-parallel.js";
import { DEIT_LOSS } from "../distillation.js";
import { WorkerError } from "../errors.js";
import type { ReplicaSpec } from "../replica-spec.js";
import { shardBackward } from "../shard-step.js";
import { defaultSettings, train } from "../trainer.js";
import { resumeFrom, snapshotAt, stateOf, tinyDeit, tinyImages } from "./helpers.js";

// Every 4th image of the embedded subset: 250 images of all 10 classes. Workers load the same set by reference.
const every4th = Int32Array.from({ length: 250 }, (_, i) => 4 * i);
const data = tinyImages(1000).subset(every4th);
const dataset = { ref: EMBEDDED_FASHION_MNIST_DIR, options: { split: "train" as const, limit: 1000 }, indices: every4th };
const plugins = [{ specifiers: ["./fixtures/test-methods.mjs"], baseDir: dirname(fileURLToPath(import.meta.url)) }];
const plain: ReplicaSpec = { methods: [], dataset };

describe("data-parallel training (worker threads)", () => {
  // (LV-ViT's stem BatchNorm normalises each shard with its own statistics, so its gradients differ from the
  // full batch's by design; DeiT has no coupling between examples and must match to float32 rounding.)
  it("averages 2 shards' gradients into the full-batch gradient (DeiT with a teacher: CE, distillation, class-token KL)", async () => {
    for (const make of [tinyDeit]) {
      const model = make(3);
      const teacher = make(4);
      teacher.eval();
      // The full-batch reference: one forward/backward of all 32 examples in this process.
      const ref = model.clone();
      ref.train(true);
      const idx = Int32Array.from({ length: 32 }, (_, i) => 7 * i);
      const refParams = ref.namedParameters().map(([, p]) => p);
      shardBackward(ref, teacher, data, idx, undefined, 11, DEIT_LOSS, refParams);
      const dp = await DataParallel.start(model, teacher, data, { workers: 2, seed: 0, cropPadding: null, loss: DEIT_LOSS, replicas: plain });
      try {
        model.train(true);
        await dp.backward(idx, 0, 0, 0);
      } finally {
        await dp.close();
      }
      const got = model.namedParameters();
      const tol = 2e-5;
      let worst = 0;
      for (const [i, [name, p]] of got.entries()) {
        const r = refParams[i].grad!;
        const scale = Math.max(1e-3, ...r.map(Math.abs));
        for (let j = 0; j < r.length; j++) worst = Math.max(worst, Math.abs(p.grad![j] - r[j]) / scale);
        expect(p.grad, name).not.toBeNull();
      }
      expect(worst).toBeLessThan(tol);
    }
  });

  it("each shard, the worker's included, augments with its own seed and the run's crop padding", async () => {
    const model = tinyDeit(3);
    const idx = Int32Array.from({ length: 32 }, (_, i) => 5 * i);
    const [epoch, batch, step] = [1, 2, 7];
    // Reference: the two shards' gradients computed here, each with the augmentation DataParallel promises
    // (seed mixSeeds(seed, epoch, batch, k)), averaged (DeiT couples no examples, and the shards are equal).
    const reference = (cropPadding: number) => {
      const sum = new Map<string, Float32Array>();
      for (let k = 0; k < 2; k++) {
        const ref = model.clone();
        ref.train(true);
        const named = ref.namedParameters();
        const augment = { seed: mixSeeds(0, epoch, batch, k), cropPadding };
        shardBackward(ref, null, data, idx.subarray(16 * k, 16 * k + 16), augment, mixSeeds(0, 0x5eed, step, k), DEIT_LOSS, named.map(([, p]) => p));
        for (const [n, p] of named) {
          const acc = sum.get(n) ?? new Float32Array(p.size);
          for (let j = 0; j < acc.length; j++) acc[j] += p.grad![j] / 2;
          sum.set(n, acc);
        }
      }
      return sum;
    };
    const flip = reference(0);
    const crop = reference(2);
    const dp = await DataParallel.start(model, null, data, { workers: 2, seed: 0, cropPadding: 0, loss: DEIT_LOSS, replicas: plain });
    try {
      model.train(true);
      await dp.backward(idx, epoch, batch, step);
    } finally {
      await dp.close();
    }
    const worst = (ref: Map<string, Float32Array>) => {
      let w = 0;
      for (const [name, p] of model.namedParameters()) {
        const r = ref.get(name)!;
        const scale = Math.max(1e-3, ...r.map(Math.abs));
        for (let j = 0; j < r.length; j++) w = Math.max(w, Math.abs(p.grad![j] - r[j]) / scale);
      }
      return w;
    };
    expect(worst(flip)).toBeLessThan(2e-5);
    expect(worst(crop)).toBeGreaterThan(1e-2);
  });

  it("is reproducible run to run with 2 workers, and resumes bit-identically (workers kept in the settings)", async () => {
    const settings = (m: ReturnType<typeof tinyDeit>) => defaultSettings(m, 6, { batchSize: 16, seed: 5, augment: true, warmupSteps: 2, workers: 2 });
    const run = async () => {
      const m = tinyDeit(0);
      await train(m, data, settings(m), { replicas: plain });
      return stateOf(m);
    };
    const a = await run();
    const b = await run();
    for (const [k, v] of a) expect(b.get(k), k).toEqual(v);
    // Not the single-thread result: the shards draw their own augmentation.
    const one = tinyDeit(0);
    await train(one, data, { ...settings(one), workers: 1 });
    expect([...stateOf(one)].some(([k, v]) => !v.every((x, i) => x === a.get(k)![i]))).toBe(true);
    // Interrupted at step 3, resumed from the snapshot's settings: the same weights as the straight run.
    const first = tinyDeit(0);
    const snap = await snapshotAt(first, data, settings(first), 3, { replicas: plain });
    expect(snap.resume.options.workers).toBe(2);
    const { model: resumed, options, resume } = await resumeFrom(snap, first.config);
    await train(resumed, data, options, { replicas: plain, resume });
    for (const [k, v] of a) expect(stateOf(resumed).get(k), k).toEqual(v);
  });

  it("trains a model with a method applied: workers rebuild it through the plugins", async () => {
    const run = async () => {
      const m = tinyDeit(2).setAttentionReuse(1);
      const before = stateOf(m);
      const spec: ReplicaSpec = { methods: [{ id: "test-reuse", params: { block: 1 } }], dataset, plugins };
      await train(m, data, defaultSettings(m, 4, { batchSize: 20, seed: 1, workers: 2 }), { replicas: spec });
      const after = stateOf(m);
      expect([...after].filter(([k, v]) => !v.every((x, i) => x === before.get(k)![i])).length).toBeGreaterThan(5);
      return after;
    };
    const a = await run();
    for (const [k, v] of await run()) expect(v, k).toEqual(a.get(k));
    // Without the method record the replica has other parameters: refused before training.
    const m = tinyDeit(2).setAttentionReuse(1);
    await expect(train(m, data, defaultSettings(m, 4, { batchSize: 20, workers: 2 }), { replicas: plain })).rejects.toThrow(/training worker 1 failed: CheckpointError: model replica: its weights do not fit/);
  });

  it("a failing worker ends training with a WorkerError naming the worker and the cause", async () => {
    const m = tinyDeit(0);
    const s = defaultSettings(m, 4, { batchSize: 18, workers: 3 });
    // Mid-training: worker replicas whose forward throws.
    const broken: ReplicaSpec = { methods: [{ id: "test-broken-forward", params: {} }], dataset, plugins };
    const e1 = await train(m, data, s, { replicas: broken }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(WorkerError);
    expect((e1 as WorkerError).message).toMatch(/training worker [12] failed: RangeError: broken forward in the test method/);
    // At start-up: a dataset reference that does not exist.
    const e2 = await train(m, data, s, { replicas: { methods: [], dataset: { ref: "/no/such/dir", options: { split: "train" } } } }).catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(WorkerError);
    expect((e2 as WorkerError).message).toMatch(/worker [12] failed: DatasetLookupError: dataset path \/no\/such\/dir does not exist/);
    // Data that does not match the main thread's, and settings the shards cannot split.
    await expect(train(m, data, s, { replicas: { methods: [], dataset: { ...dataset, indices: every4th.subarray(0, 100) } } })).rejects.toThrow(/100 examples, the main thread's 250/);
    await expect(train(m, data, { ...s, workers: 4 })).rejects.toThrow(/divisible by workers \(4\)/);
    await expect(train(m, data, { ...s, batchSize: 16, workers: 2 })).rejects.toThrow(/needs run.replicas/);
  });

  it("runs replica hooks on each rebuilt replica with their arguments", async () => {
    const m = tinyDeit(0);
    const s = defaultSettings(m, 2, { batchSize: 16, workers: 2 });
    const module = join(dirname(fileURLToPath(import.meta.url)), "fixtures/replica-hooks.mjs");
    await expect(train(m, data, s, { replicas: { ...plain, hooks: [{ module, name: "fail", args: { word: "hello" } }] } })).rejects.toThrow(/training worker 1 failed: Error: hook says hello/);
    // A hook that changes the replica's structure runs before the parameter check, which then refuses it.
    await expect(train(m, data, s, { replicas: { ...plain, hooks: [{ module, name: "reuseBlock", args: { block: 1 } }] } })).rejects.toThrow(/parameters differ/);
    await expect(train(m, data, s, { replicas: { ...plain, hooks: [{ module, name: "missing" }] } })).rejects.toThrow(/no function export "missing"/);
  });
});
