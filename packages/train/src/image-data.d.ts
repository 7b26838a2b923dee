import type { Batch, DatasetInfo, TaskData } from "./task-data.js";
export declare const FMNIST_MEAN = 0.286;
export declare const FMNIST_STD = 0.353;
export interface ImageDataOptions {
    readonly info: DatasetInfo;
    /** count × channels × rows × cols, channels first. */
    readonly images: Float32Array;
    readonly labels: Int32Array;
    readonly channels: number;
    readonly rows: number;
    readonly cols: number;
    readonly numClasses: number;
    /** Applied at batch time after augmentation: (x − mean) / std. Identity: mean 0, std 1. */
    readonly mean: number;
    readonly std: number;
    /** Zero padding of the random crop (training augmentation). */
    readonly cropPadding?: number;
}
/** An in-memory image classification set (Fashion-MNIST, or a decoded image folder). */
export declare class ImageData implements TaskData {
    private readonly o;
    readonly kind: "image";
    readonly info: DatasetInfo;
    readonly count: number;
    readonly numClasses: number;
    readonly labels: Int32Array;
    readonly modelOverrides: {};
    readonly tokenizer: null;
    private readonly rowSize;
    constructor(o: ImageDataOptions);
    batch(indices: Int32Array, augmentSeed?: number): Batch;
    take(n: number): TaskData;
    subset(indices: Int32Array): TaskData;
}
//# sourceMappingURL=image-data.d.ts.map