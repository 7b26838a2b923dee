import { EMBEDDED_FASHION_MNIST_DIR, loadFashionMnist } from "@trex/data/node";
import { describe, expect, it } from "vitest";
import { evaluate } from "../evaluate.js";
import { FMNIST_MEAN, FMNIST_STD, ImageData } from "../image-data.js";
import { defaultSettings, train } from "../trainer.js";
import { resumeFrom, snapshotAt, stateOf, tinyDeit, tinyImages } from "./helpers.js";
import { crossEntropy, noGrad } from "@trex/tensor";

// Every 4th image of the embedded subset (which is stored class by class): 250 images of all 10 classes.
const data = tinyImages(1000).subset(Int32Array.from({ length: 250 }, (_, i) => 4 * i));

function meanLoss(model: ReturnType<typeof tinyDeit>): number {
  return noGrad(() => {
    const b = data.batch(Int32Array.from({ length: data.count }, (_, i) => i));
    return crossEntropy(model.forward(b.inputs, { train: false }).logits, b.labels).data[0];
  });
}

describe("train", () => {
  it("lowers the loss and raises the accuracy of a tiny DeiT on real images", async () => {
    const model = tinyDeit(1);
    const before = meanLoss(model);
    const accBefore = evaluate(model, data).accuracy;
    const r = await train(model, data, defaultSettings(model, 100, { batchSize: 25, lr: 3e-3, seed: 3, loss: { labelSmoothing: 0, distill: 0, clsKl: 0, tokenLabel: 0 } }));
    const after = meanLoss(model);
    expect(r.steps).toBe(100);
    expect(after).toBeLessThan(0.75 * before);
    expect(evaluate(model, data).accuracy).toBeGreaterThan(accBefore + 0.2);
  });

  it("is reproducible: the same seed gives bit-identical weights, another seed different ones", async () => {
    const run = async (seed: number) => {
      const m = tinyDeit(0);
      await train(m, data, defaultSettings(m, 6, { batchSize: 16, seed, augment: true }));
      return stateOf(m);
    };
    const a = await run(5);
    const b = await run(5);
    const c = await run(6);
    for (const [k, v] of a) expect(b.get(k)).toEqual(v);
    expect([...a].some(([k, v]) => !c.get(k)!.every((x, i) => x === v[i]))).toBe(true);
  });

  it("flip-only augmentation (cropPadding 0) is the identity on mirror-symmetric images; a crop is not", async () => {
    // Each image made left-right symmetric (right half = mirror of the left), so a flip changes nothing:
    // training with flips must give exactly the no-augmentation weights, and training with crops must not.
    const base = loadFashionMnist({ split: "train", dir: EMBEDDED_FASHION_MNIST_DIR, limit: 64 });
    const sym = base.images.slice();
    for (let n = 0; n < 64; n++)
      for (let y = 0; y < 28; y++) for (let x = 14; x < 28; x++) sym[n * 784 + y * 28 + x] = sym[n * 784 + y * 28 + (27 - x)];
    const symData = new ImageData({ info: tinyImages(64).info, images: sym, labels: base.labels, channels: 1, rows: 28, cols: 28, numClasses: 10, mean: FMNIST_MEAN, std: FMNIST_STD });
    const run = async (augment: boolean, cropPadding?: number) => {
      const m = tinyDeit(1);
      await train(m, symData, defaultSettings(m, 4, { batchSize: 16, seed: 3, warmupSteps: 1, augment, ...(cropPadding === undefined ? {} : { cropPadding }) }));
      return stateOf(m);
    };
    const none = await run(false);
    const flip = await run(true, 0);
    const crop = await run(true, 2);
    const dflt = await run(true);
    for (const [k, v] of none) expect(flip.get(k), k).toEqual(v);
    expect([...none].some(([k, v]) => !crop.get(k)!.every((x, i) => x === v[i]))).toBe(true);
    // An absent cropPadding is the padding 2 that runs recorded before the field existed.
    for (const [k, v] of crop) expect(dflt.get(k), k).toEqual(v);
    const m = tinyDeit(1);
    await expect(train(m, symData, defaultSettings(m, 4, { batchSize: 16, augment: true, cropPadding: -1 }))).rejects.toThrow(/cropPadding = -1/);
  });

  it("resumes bit-identically from an encoded checkpoint (weights, optimizer moments, step, schedule, data order)", async () => {
    const settings = (m: ReturnType<typeof tinyDeit>) => defaultSettings(m, 10, { batchSize: 16, seed: 9, augment: true, warmupSteps: 3 });
    // Straight run.
    const straight = tinyDeit(2);
    await train(straight, data, settings(straight));
    // Interrupted at step 4 (an epoch is 16 steps, so the resumed part continues mid-epoch), then resumed.
    const first = tinyDeit(2);
    const snap = await snapshotAt(first, data, settings(first), 4);
    expect(snap.step).toBe(4);
    const { model: resumed, options, resume } = await resumeFrom(snap, first.config);
    const r = await train(resumed, data, options, { resume });
    expect(r.steps).toBe(10);
    const a = stateOf(straight);
    const b = stateOf(resumed);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [k, v] of a) expect(b.get(k), k).toEqual(v);
  });

  it("weight average (emaDecay): follows its recurrence from the step snapshots, ends in the model, resumes bit-identically", async () => {
    const d = 0.7;
    const settings = (m: ReturnType<typeof tinyDeit>, emaDecay?: number) =>
      defaultSettings(m, 6, { batchSize: 16, seed: 4, warmupSteps: 1, ...(emaDecay === undefined ? {} : { emaDecay }) });
    // Every step's snapshot: the trained weights and the average the trainer keeps.
    const m = tinyDeit(5);
    const init = stateOf(m);
    // (Copied when handed over: a snapshot's model tensors are the live parameters.)
    const snaps: Map<string, Float32Array>[] = [];
    await train(m, data, settings(m, d), { checkpointEvery: 1, onCheckpoint: (s) => void snaps.push(new Map(s.tensors.map(([k, t]) => [k, t.data.slice()]))) });
    const params = m.namedParameters().map(([n]) => n);
    // Reference: the recurrence in float64 from the initial weights over the snapshots' trained weights.
    const ref = new Map(params.map((n) => [n, Float64Array.from(init.get(n)!)] as const));
    const step = (r: Float64Array, w: Float32Array) => {
      for (let j = 0; j < r.length; j++) r[j] = d * r[j] + (1 - d) * w[j];
    };
    // Steps 1–5 (the snapshot after step 6 is the final one, taken once the average is copied in).
    expect(snaps.length).toBe(6);
    for (const t of snaps.slice(0, 5)) {
      for (const n of params) {
        step(ref.get(n)!, t.get(n)!);
        const got = t.get(`optim.ema/${n}`)!;
        for (const [j, v] of ref.get(n)!.entries()) expect(Math.abs(got[j] - v)).toBeLessThan(1e-6);
      }
    }
    // The average does not steer training, so a run without it gives step 6's trained weights; the
    // finished model holds the average after that step.
    const plain = tinyDeit(5);
    await train(plain, data, settings(plain));
    const w6 = stateOf(plain);
    const final = stateOf(m);
    for (const n of params) {
      step(ref.get(n)!, w6.get(n)!);
      for (const [j, v] of ref.get(n)!.entries()) expect(Math.abs(final.get(n)![j] - v)).toBeLessThan(1e-6);
    }
    expect(params.some((n) => !final.get(n)!.every((x, i) => x === w6.get(n)![i]))).toBe(true);
    // Interrupted at step 3 and resumed from the encoded snapshot: the same averaged model.
    const first = tinyDeit(5);
    const snap = await snapshotAt(first, data, settings(first, d), 3);
    const { model: resumed, options, resume } = await resumeFrom(snap, first.config);
    await train(resumed, data, options, { resume });
    for (const [k, v] of final) expect(stateOf(resumed).get(k), k).toEqual(v);
    // A checkpoint without an average cannot continue a run that keeps one.
    const again = await resumeFrom(snap, first.config);
    const noAvg = new Map([...again.resume.tensors].filter(([k]) => !k.startsWith("optim.ema/")));
    await expect(train(again.model, data, options, { resume: { ...again.resume, tensors: noAvg } })).rejects.toThrow(/no weight average/);
    await expect(train(tinyDeit(0), data, settings(tinyDeit(0), 1))).rejects.toThrow(/emaDecay = 1 must be in \[0, 1\)/);
  });

  it("rejects bad settings with a message naming the setting", async () => {
    const m = tinyDeit(0);
    await expect(train(m, data, defaultSettings(m, 5, { lr: -1 }))).rejects.toThrow(/lr/);
    await expect(train(m, data, defaultSettings(m, 5, { warmupSteps: 5 }))).rejects.toThrow(/warmupSteps/);
    await expect(train(m, data.take(0), defaultSettings(m, 5))).rejects.toThrow(/empty/);
  });
});
