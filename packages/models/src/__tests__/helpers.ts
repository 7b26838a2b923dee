import type { Tensor } from "@trex/tensor";
import { Rng, randn } from "@trex/tensor";
import type { BertConfig, LvvitConfig, VitConfig } from "../index.js";
import { BertForSequenceClassification, LvVit, VisionTransformer } from "../index.js";

// Tiny configs so every test runs in milliseconds.

export function tinyVitConfig(o: Partial<VitConfig> = {}): VitConfig {
  return {
    family: "vit",
    name: "tiny-vit",
    imageSize: 8,
    patchSize: 4,
    inChannels: 2,
    numClasses: 3,
    dim: 8,
    depth: 4,
    heads: 2,
    mlpRatio: 2,
    qkvBias: true,
    eps: 1e-6,
    distilled: false,
    seed: 1,
    ...o,
  };
}

export function tinyLvvitConfig(o: Partial<LvvitConfig> = {}): LvvitConfig {
  return {
    family: "lvvit",
    name: "tiny-lvvit",
    imageSize: 8,
    patchSize: 4,
    inChannels: 2,
    numClasses: 3,
    dim: 8,
    depth: 3,
    heads: 2,
    mlpRatio: 3,
    qkvBias: false,
    eps: 1e-5,
    skipLam: 2,
    stemChannels: 4,
    auxWeight: 0.5,
    seed: 2,
    ...o,
  };
}

export function tinyBertConfig(o: Partial<BertConfig> = {}): BertConfig {
  return {
    family: "bert",
    name: "tiny-bert",
    vocabSize: 20,
    hidden: 8,
    layers: 3,
    heads: 2,
    intermediate: 16,
    maxPositions: 10,
    typeVocabSize: 2,
    eps: 1e-12,
    numClasses: 3,
    sequenceLength: 6,
    padTokenId: 0,
    seed: 3,
    ...o,
  };
}

export const tinyVit = (o: Partial<VitConfig> = {}) => new VisionTransformer(tinyVitConfig(o));
export const tinyLvvit = (o: Partial<LvvitConfig> = {}) => new LvVit(tinyLvvitConfig(o));
export const tinyBert = (o: Partial<BertConfig> = {}) => new BertForSequenceClassification(tinyBertConfig(o));

export function images(n: number, c: number, size: number, seed: number): Tensor {
  return randn([n, c, size, size], new Rng(seed));
}

/** Randomises every parameter (LayerNorm gains too) so tests do not pass by symmetry of the init. */
export function randomize(model: { namedParameters(): [string, { data: Float32Array; markUpdated(): void }][] }, seed: number): void {
  const rng = new Rng(seed);
  for (const [, p] of model.namedParameters()) {
    for (let i = 0; i < p.data.length; i++) p.data[i] = rng.normal(0, 0.5);
    p.markUpdated();
  }
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
