import type { TransformerModel } from "@trex/models";
import { type ParamGroup, type Tensor } from "@trex/tensor";
import type { ResumeRecord } from "./checkpoint.js";
import { type LossWeights } from "./distillation.js";
import { type ProgressSink } from "./progress.js";
import type { ReplicaSpec } from "./replica-spec.js";
import type { TaskData } from "./task-data.js";
/** Everything that decides the result of a run (stored in resumable checkpoints). */
export interface TrainSettings {
    readonly seed: number;
    readonly batchSize: number;
    /** Total optimizer steps (the CLI derives it from --epochs when --steps is not given). */
    readonly steps: number;
    /** Peak learning rate (AdamW), reached after warmupSteps, then cosine decay to minLr. */
    readonly lr: number;
    readonly minLr: number;
    readonly warmupSteps: number;
    /** Decoupled weight decay on matrices; biases, norms, tokens and position embeddings get none. */
    readonly weightDecay: number;
    /** Global gradient-norm clip (0 = off). */
    readonly clipNorm: number;
    readonly loss: LossWeights;
    /** Images: seeded random crop (padding 2) + horizontal flip. */
    readonly augment: boolean;
    /**
     * Data-parallel worker threads, main thread included (absent = 1). Each batch splits into this many
     * equal shards; 1 keeps everything on the main thread. Results depend on it (shard seeds, BatchNorm
     * statistics per shard), so it is stored with the settings and a resumed run keeps it.
     */
    readonly workers?: number;
}
/** The default recipe for `steps` steps (everything else overridable). */
export declare function defaultSettings(model: TransformerModel, steps: number, overrides?: Partial<TrainSettings>): TrainSettings;
/** A resumable snapshot handed to onCheckpoint: model tensors + optimizer moments + where the run stands. */
export interface TrainSnapshot {
    readonly step: number;
    readonly tensors: [string, Tensor][];
    readonly resume: ResumeRecord;
}
export interface TrainRunOptions {
    /** The unmodified model to distil from (run in eval mode, no gradients). */
    readonly teacher?: TransformerModel | null;
    /** Continue a run: the snapshot's resume record and tensors (optimizer moments). */
    readonly resume?: {
        record: ResumeRecord;
        tensors: ReadonlyMap<string, Tensor>;
    } | null;
    /** Call onCheckpoint every this many steps (and at the end). */
    readonly checkpointEvery?: number;
    readonly onCheckpoint?: (s: TrainSnapshot) => void | Promise<void>;
    /** Progress lines with ETA (stderr in the CLI); null = silent. */
    readonly progress?: ProgressSink | null;
    /** Print a progress line every this many steps (default: about every 2 % of the run). */
    readonly logEvery?: number;
    /** Evaluate on this set every evalEvery steps (progress only; does not change training). */
    readonly evalData?: TaskData | null;
    readonly evalEvery?: number;
    /** Required when settings.workers > 1: how each worker rebuilds the model, the teacher and the data. */
    readonly replicas?: ReplicaSpec | null;
}
export interface TrainResult {
    readonly steps: number;
    readonly epochs: number;
    /** Mean total loss over the last min(50, steps) steps of this run. */
    readonly finalLoss: number;
    /** Seconds including earlier runs this one resumed from. */
    readonly wallSeconds: number;
    readonly cpuSeconds: number;
}
export declare function checkSettings(s: TrainSettings, data: TaskData): void;
/** Parameter groups: decay on weight matrices only (biases, norms, cls/dist tokens, position embeddings: none). */
export declare function decayGroups(model: TransformerModel, weightDecay: number): ParamGroup[];
/** Steps per epoch: full batches only (constant batch shape), or one short batch for a tiny set. */
export declare function stepsPerEpoch(count: number, batchSize: number): number;
/**
 * Trains `model` in place. Deterministic: the example order depends on (seed, epoch), augmentation on
 * (seed, epoch, batch) and training-time randomness on (seed, step), so the same settings give the same
 * weights, and resuming from a snapshot continues bit-identically. With `settings.workers` N > 1 the
 * batch is split over N threads (see DataParallel; `run.replicas` tells the workers how to rebuild the
 * model and data); the result is then deterministic for that N.
 */
export declare function train(model: TransformerModel, data: TaskData, settings: TrainSettings, run?: TrainRunOptions): Promise<TrainResult>;
//# sourceMappingURL=trainer.d.ts.map