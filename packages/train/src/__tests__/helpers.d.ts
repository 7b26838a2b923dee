import { type TransformerModel } from "@trex/models";
import { ImageData } from "../image-data.js";
/** A tiny DeiT on 28×28×1 (2 blocks, dim 16, patch 7 → 16+1 tokens): seconds, not minutes. */
export declare function tinyDeit(seed?: number, overrides?: Record<string, unknown>): TransformerModel;
/** A tiny LV-ViT on 28×28×1 (2 blocks, dim 16, stem 4 channels). */
export declare function tinyLvvit(seed?: number): TransformerModel;
/** The first `n` images of the embedded Fashion-MNIST train subset (shipped with @trex/data: no install needed). */
export declare function tinyImages(n: number): ImageData;
/** Every tensor of the model's state, by name, as plain arrays. */
export declare function stateOf(model: TransformerModel): Map<string, Float32Array>;
//# sourceMappingURL=helpers.d.ts.map