import type { TransformerModel } from "@trex/models";
import type { LossWeights } from "./distillation.js";
import type { ReplicaSpec, ShardTerms } from "./replica-spec.js";
import type { TaskData } from "./task-data.js";
/**
 * Synchronous data parallelism over worker threads. Each batch is split into N equal contiguous shards;
 * the main thread computes shard 0 on `model`, workers 1…N−1 the others on replicas; the gradients are
 * averaged into `model`'s parameters (equal shards of a per-example-mean loss: the mean of the shard
 * gradients is the full-batch gradient). After the optimizer step the new parameters go to the workers
 * with the next request. Shard k's augmentation is seeded from (seed, epoch, batch, k) and its dropout /
 * stochastic depth from (seed, step, k). BatchNorm normalises each shard with its own statistics (DDP
 * without SyncBN); the running statistics are the main thread's shard's.
 */
export declare class DataParallel {
    private readonly model;
    private readonly teacher;
    private readonly data;
    private readonly n;
    private readonly seed;
    private readonly augment;
    private readonly loss;
    private readonly pool;
    private readonly params;
    private nextParams;
    private constructor();
    /** Starts N−1 workers and waits until each has rebuilt the model, the teacher and the data. */
    static start(model: TransformerModel, teacher: TransformerModel | null, data: TaskData, o: {
        workers: number;
        seed: number;
        augment: boolean;
        loss: LossWeights;
        replicas: ReplicaSpec | null | undefined;
    }): Promise<DataParallel>;
    /** Gradients of the batch `indices` averaged over the shards into the model's `.grad`; mean loss terms. */
    backward(indices: Int32Array, epoch: number, batch: number, step: number): Promise<ShardTerms>;
    /** Call after each optimizer step: the updated parameters go out with the next request. */
    updated(): void;
    close(): Promise<void>;
}
//# sourceMappingURL=data-parallel.d.ts.map