/** Base class of every error @trex/train raises. */
export class TrainError extends Error {
    constructor(message) {
        super(message);
        this.name = new.target.name;
    }
}
/** A training or evaluation option is out of range or inconsistent. */
export class TrainOptionError extends TrainError {
}
/** An unknown dataset id, or a dataset path that cannot be read as any supported format. */
export class DatasetLookupError extends TrainError {
}
/** A checkpoint file is malformed, of another format version, or does not fit the model. */
export class CheckpointError extends TrainError {
}
/** A model id, checkpoint path or method record could not be resolved to a model. */
export class ModelResolveError extends TrainError {
}
/** A data-parallel worker failed (bad data, an exception, or it exited); names the worker and the cause. */
export class WorkerError extends TrainError {
    worker;
    causeText;
    constructor(worker, causeText) {
        super(`training worker ${worker} failed: ${causeText}; training stopped and all workers were terminated (rerun with --workers 1 to see the error in the main thread)`);
        this.worker = worker;
        this.causeText = causeText;
    }
}
//# sourceMappingURL=errors.js.map