import { loadFashionMnist } from "@trex/data/node";
import { initKernels } from "@trex/kernels";
import { beforeAll, describe, expect, test } from "vitest";
import { AdamW, Tensor, crossEntropy, noGrad } from "../index.js";
import { FMNIST_VIT, TinyVit } from "./tiny-vit.js";

// The acceptance test of the engine: a 12-encoder ViT built only from these ops learns on real
// Fashion-MNIST (the IDX files, read by @trex/data). Seeded end to end, so a run is reproducible.

// Fashion-MNIST training-set pixel mean and standard deviation (of values in [0, 1]).
const PIXEL_MEAN = 0.286;
const PIXEL_STD = 0.353;

function realBatch(count: number): { x: Tensor; y: Int32Array } {
  const ds = loadFashionMnist({ split: "train", limit: count });
  const px = new Float32Array(ds.images.length);
  for (let i = 0; i < px.length; i++) px[i] = (ds.images[i] - PIXEL_MEAN) / PIXEL_STD;
  return { x: new Tensor(px, [ds.count, 1, ds.rows, ds.cols]), y: ds.labels };
}

function accuracy(logits: Tensor, labels: Int32Array): number {
  const c = logits.shape[1];
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (logits.data[i * c + j] > logits.data[i * c + best]) best = j;
    if (best === labels[i]) correct++;
  }
  return correct / labels.length;
}

beforeAll(async () => {
  await initKernels();
});

describe("12-encoder ViT on Fashion-MNIST", () => {
  test("the training loss falls on a real batch within a few AdamW steps", () => {
    const { x, y } = realBatch(64);
    const model = new TinyVit(FMNIST_VIT, 7);
    const params = [...model.params.values()];
    expect(params.reduce((n, p) => n + p.size, 0)).toBeGreaterThan(300_000);
    const lossOf = () => noGrad(() => crossEntropy(model.forward(x), y).item());
    const before = lossOf();
    // An untrained 10-way classifier sits near ln 10.
    expect(Math.abs(before - Math.log(10))).toBeLessThan(0.2);
    const opt = new AdamW(params, { lr: 1e-3, weightDecay: 0.05 });
    for (let step = 0; step < 6; step++) {
      const loss = crossEntropy(model.forward(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
    }
    const after = lossOf();
    expect(after).toBeLessThan(0.9 * before);
  });

  test(
    "tiny overfit: 64 training images reach 100 % train accuracy",
    () => {
      const { x, y } = realBatch(64);
      // Residual-branch outputs start at zero (every encoder begins as the identity, as with ReZero or
      // LayerScale): the 12-encoder model then memorises in ~130 full-batch steps instead of 200+.
      const model = new TinyVit({ ...FMNIST_VIT, residualStd: 0 }, 1);
      const params = [...model.params.values()];
      const lr = 2e-3;
      const opt = new AdamW(params, { lr, weightDecay: 0 });
      let acc = 0;
      let step = 0;
      // Full-batch steps with a short linear warmup; stops as soon as every image is classified right.
      for (; step < MAX_OVERFIT_STEPS && acc < 1; step++) {
        opt.lr = lr * Math.min(1, (step + 1) / 5);
        const logits = model.forward(x);
        const loss = crossEntropy(logits, y);
        acc = accuracy(logits, y);
        if (acc === 1) break;
        opt.zeroGrad();
        loss.backward();
        opt.step();
      }
      expect(acc, `train accuracy after ${step} steps`).toBe(1);
    },
    600_000,
  );
});

const MAX_OVERFIT_STEPS = 220;
