/** Base class of every error @trex/train raises. */
export declare class TrainError extends Error {
    constructor(message: string);
}
/** A training or evaluation option is out of range or inconsistent. */
export declare class TrainOptionError extends TrainError {
}
/** An unknown dataset id, or a dataset path that cannot be read as any supported format. */
export declare class DatasetLookupError extends TrainError {
}
/** A checkpoint file is malformed, of another format version, or does not fit the model. */
export declare class CheckpointError extends TrainError {
}
/** A model id, checkpoint path or method record could not be resolved to a model. */
export declare class ModelResolveError extends TrainError {
}
/** A data-parallel worker failed (bad data, an exception, or it exited); names the worker and the cause. */
export declare class WorkerError extends TrainError {
    readonly worker: number;
    readonly causeText: string;
    constructor(worker: number, causeText: string);
}
//# sourceMappingURL=errors.d.ts.map