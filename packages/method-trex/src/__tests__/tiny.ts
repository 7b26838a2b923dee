import { modelConfig, modelFromConfig, type TransformerModel } from "@trex/models";
import { Rng, randn, type Tensor } from "@trex/tensor";

// Small configs of each registered family (the registry's own presets with overrides), so tests are fast.
export const tinyFamilies: [string, () => TransformerModel][] = [
  ["deit", () => modelFromConfig(modelConfig("deit-s", { dim: 16, heads: 2, depth: 6, imageSize: 16, patchSize: 4, numClasses: 5, seed: 3 }))],
  ["deit-distilled", () => modelFromConfig(modelConfig("deit-s-distilled", { dim: 16, heads: 2, depth: 5, imageSize: 16, patchSize: 4, numClasses: 5, seed: 4 }))],
  ["lvvit", () => modelFromConfig(modelConfig("lvvit-s", { dim: 16, heads: 2, depth: 6, imageSize: 16, patchSize: 4, stemChannels: 4, numClasses: 5, seed: 5 }))],
  [
    "bert",
    () => modelFromConfig(modelConfig("bert-base", { hidden: 16, heads: 2, layers: 6, intermediate: 32, vocabSize: 30, maxPositions: 12, sequenceLength: 8, seed: 6 })),
  ],
];

export function images(n: number, c: number, size: number, seed: number): Tensor {
  return randn([n, c, size, size], new Rng(seed));
}

/** Randomises every parameter (LayerNorm gains too) so checks do not pass by the symmetry of the init. */
export function randomize(model: TransformerModel, seed: number, std = 0.3): void {
  const rng = new Rng(seed);
  for (const [, p] of model.namedParameters()) {
    for (let i = 0; i < p.data.length; i++) p.data[i] = rng.normal(0, std);
    p.markUpdated();
  }
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
