import type { TaskData } from "./task-data.js";
/** Built-in dataset ids. */
export declare const DATASET_IDS: readonly ["fmnist", "accept", "accept-corpus"];
export interface LoadDatasetOptions {
    /** "train" for training; "eval" = Fashion-MNIST's test split, the acceptability held-out split, CoLA dev. */
    split: "train" | "eval";
    /** Keep the first `limit` examples. */
    limit?: number;
    /** Resolves relative paths (default process.cwd()). */
    cwd?: string;
    /** Text: the model's vocabulary (from its checkpoint); otherwise the dataset's own. */
    vocab?: readonly string[];
    /** Text: tokens per example (default 64, the bert-accept position table). */
    maxLength?: number;
    /** Image folders: side of the eval transform's centre crop (default 224). */
    imageSize?: number;
}
/** Corrupted twins per corpus sentence in `accept-corpus` (fresh damage each time a sentence comes round again). */
export declare const ACCEPT_CORPUS_VARIANTS = 8;
/**
 * A dataset by id (`fmnist`, `accept`, `accept-corpus`) or path: a Fashion-MNIST IDX folder, an image folder
 * (root/<class>/<image>), a CoLA TSV file, or a folder with CoLA's train.tsv + dev.tsv.
 */
export declare function loadDataset(idOrPath: string, o: LoadDatasetOptions): TaskData;
//# sourceMappingURL=datasets.d.ts.map