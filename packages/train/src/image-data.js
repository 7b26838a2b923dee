import { gatherRows, randomCropFlip } from "@trex/data";
import { tensor } from "@trex/tensor";
// Fashion-MNIST train-split pixel statistics (the @trex/data README measures the mean 0.2860); inputs are
// standardised with them so the patch embedding sees zero-mean, unit-scale pixels.
export const FMNIST_MEAN = 0.286;
export const FMNIST_STD = 0.353;
/** An in-memory image classification set (Fashion-MNIST, or a decoded image folder). */
export class ImageData {
    o;
    kind = "image";
    info;
    count;
    numClasses;
    labels;
    modelOverrides = {};
    tokenizer = null;
    rowSize;
    constructor(o) {
        this.o = o;
        this.info = o.info;
        this.labels = o.labels;
        this.count = o.labels.length;
        this.numClasses = o.numClasses;
        this.rowSize = o.channels * o.rows * o.cols;
    }
    batch(indices, augmentSeed) {
        const { channels, rows, cols, mean, std } = this.o;
        let x = gatherRows(this.o.images, this.rowSize, indices);
        if (augmentSeed !== undefined)
            x = randomCropFlip(x, { rows, cols, channels, padding: this.o.cropPadding ?? 2, seed: augmentSeed });
        if (mean !== 0 || std !== 1)
            for (let i = 0; i < x.length; i++)
                x[i] = (x[i] - mean) / std;
        return { inputs: tensor(x, [indices.length, channels, rows, cols]), labels: gatherRows(this.labels, 1, indices) };
    }
    take(n) {
        if (n >= this.count)
            return this;
        return this.subset(Int32Array.from({ length: n }, (_, i) => i));
    }
    subset(indices) {
        return new ImageData({ ...this.o, images: gatherRows(this.o.images, this.rowSize, indices), labels: gatherRows(this.labels, 1, indices) });
    }
}
//# sourceMappingURL=image-data.js.map