import { EMBEDDED_FASHION_MNIST_DIR, loadFashionMnist } from "@trex/data/node";
import { createModel, type TransformerModel } from "@trex/models";
import { decodeCheckpoint, encodeCheckpoint } from "../checkpoint.js";
import { FMNIST_MEAN, FMNIST_STD, ImageData } from "../image-data.js";
import { modelFromCheckpoint } from "../load-model.js";
import type { TaskData } from "../task-data.js";
import { type TrainRunOptions, type TrainSettings, type TrainSnapshot, train } from "../trainer.js";

/** A tiny DeiT on 28×28×1 (2 blocks, dim 16, patch 7 → 16+1 tokens): seconds, not minutes. */
export function tinyDeit(seed = 0, overrides: Record<string, unknown> = {}): TransformerModel {
  return createModel("deit-fmnist", { depth: 2, dim: 16, heads: 2, patchSize: 7, seed, ...overrides });
}

/** A tiny LV-ViT on 28×28×1 (2 blocks, dim 16, stem 4 channels). */
export function tinyLvvit(seed = 0): TransformerModel {
  return createModel("lvvit-fmnist", { depth: 2, dim: 16, heads: 2, stemChannels: 4, patchSize: 14, seed });
}

/** The first `n` images of the embedded Fashion-MNIST train subset (shipped with @trex/data: no install needed). */
export function tinyImages(n: number): ImageData {
  const d = loadFashionMnist({ split: "train", dir: EMBEDDED_FASHION_MNIST_DIR, limit: n });
  return new ImageData({
    info: { id: "fmnist-subset", split: "train", source: "test", path: null },
    images: d.images,
    labels: d.labels,
    channels: 1,
    rows: 28,
    cols: 28,
    numClasses: 10,
    mean: FMNIST_MEAN,
    std: FMNIST_STD,
  });
}

/** Every tensor of the model's state, by name, as plain arrays. */
export function stateOf(model: TransformerModel): Map<string, Float32Array> {
  return new Map(model.stateEntries(false).map(([n, t]) => [n, t.data.slice()]));
}

/**
 * Runs `train` and stops it by throwing from the checkpoint callback at `step`; returns that snapshot
 * (the run's state as a resumable checkpoint would hold it). `run` adds options such as replicas.
 */
export async function snapshotAt(model: TransformerModel, data: TaskData, settings: TrainSettings, step: number, run: TrainRunOptions = {}): Promise<TrainSnapshot> {
  let snap: TrainSnapshot | null = null;
  const stop = new Error("stop at the snapshot");
  await train(model, data, settings, {
    ...run,
    checkpointEvery: step,
    onCheckpoint: (s) => {
      snap = s;
      throw stop;
    },
  }).catch((e: unknown) => {
    if (e !== stop) throw e;
  });
  if (!snap) throw new Error(`the run ended before step ${step}`);
  return snap;
}

/** A fresh model and resume state from `snap` encoded and decoded as a checkpoint file would be. */
export async function resumeFrom(snap: TrainSnapshot, config: TransformerModel["config"]): Promise<{ model: TransformerModel; options: TrainSettings; resume: NonNullable<TrainRunOptions["resume"]> }> {
  const ckpt = decodeCheckpoint(encodeCheckpoint({ format: "trex-checkpoint", version: 1, model: { id: null, config }, methods: [], resume: snap.resume }, snap.tensors));
  const record = ckpt.header.resume!;
  return { model: await modelFromCheckpoint(ckpt, null), options: record.options as unknown as TrainSettings, resume: { record, tensors: ckpt.tensors } };
}
