import { EMBEDDED_FASHION_MNIST_DIR, loadFashionMnist } from "@trex/data/node";
import { createModel } from "@trex/models";
import { FMNIST_MEAN, FMNIST_STD, ImageData } from "../image-data.js";
/** A tiny DeiT on 28×28×1 (2 blocks, dim 16, patch 7 → 16+1 tokens): seconds, not minutes. */
export function tinyDeit(seed = 0, overrides = {}) {
    return createModel("deit-fmnist", { depth: 2, dim: 16, heads: 2, patchSize: 7, seed, ...overrides });
}
/** A tiny LV-ViT on 28×28×1 (2 blocks, dim 16, stem 4 channels). */
export function tinyLvvit(seed = 0) {
    return createModel("lvvit-fmnist", { depth: 2, dim: 16, heads: 2, stemChannels: 4, patchSize: 14, seed });
}
/** The first `n` images of the embedded Fashion-MNIST train subset (shipped with @trex/data: no install needed). */
export function tinyImages(n) {
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
export function stateOf(model) {
    return new Map(model.stateEntries(false).map(([n, t]) => [n, t.data.slice()]));
}
//# sourceMappingURL=helpers.js.map