import type { ModelConfig } from "@trex/models";
import { type Tensor } from "@trex/tensor";
/** A method applied to the base model, re-applied through the registry before the weights are loaded. */
export interface MethodRecord {
    readonly id: string;
    readonly params: Readonly<Record<string, unknown>>;
}
/** The tokenizer a text model was trained with (its vocabulary is part of the model). */
export interface TokenizerRecord {
    readonly vocab: readonly string[];
    readonly maxLength: number;
}
/** How a checkpoint was produced. */
export interface TrainingRecord {
    /** The command line (or API call) that trained it. */
    readonly command: string;
    readonly seed: number;
    readonly dataset: string;
    readonly steps: number;
    readonly epochs: number;
    readonly batchSize: number;
    /** Evaluation at the end of training on the dataset's eval split (null when not run). */
    readonly accuracy: number | null;
    readonly mcc: number | null;
    readonly evalExamples: number | null;
    /** Wall-clock and process CPU seconds of the training (this run plus any resumed-from runs). */
    readonly wallSeconds: number;
    readonly cpuSeconds: number;
    readonly finishedAt: string;
    readonly teacher: string | null;
    /** The records of the runs this one continued from (training from a trained checkpoint), oldest first. */
    readonly history?: readonly TrainingRecord[];
}
/** What a resumable checkpoint adds: where the run stood and its full options, so it can continue bit-identically. */
export interface ResumeRecord {
    readonly step: number;
    readonly optimizerStep: number;
    readonly options: Readonly<Record<string, unknown>>;
    readonly wallSeconds: number;
    readonly cpuSeconds: number;
}
export interface CheckpointHeader {
    readonly format: "trex-checkpoint";
    readonly version: 1;
    readonly model: {
        readonly id: string | null;
        readonly config: ModelConfig;
    };
    readonly methods: readonly MethodRecord[];
    readonly tokenizer?: TokenizerRecord;
    readonly training?: TrainingRecord;
    readonly resume?: ResumeRecord;
}
export interface Checkpoint {
    readonly header: CheckpointHeader;
    readonly tensors: Map<string, Tensor>;
}
/** Serialises a checkpoint (header + named tensors) to TRXC bytes. */
export declare function encodeCheckpoint(header: CheckpointHeader, tensors: Iterable<readonly [string, Tensor]>): Uint8Array;
/** Reads only the header (cheap: listings, `trex eval` on a header's tokenizer). */
export declare function decodeCheckpointHeader(bytes: Uint8Array, name?: string): {
    header: CheckpointHeader;
    weightsOffset: number;
};
/** Parses TRXC bytes; a corrupt or truncated file throws CheckpointError naming the problem. */
export declare function decodeCheckpoint(bytes: Uint8Array, name?: string): Checkpoint;
//# sourceMappingURL=checkpoint.d.ts.map