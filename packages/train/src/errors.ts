/** Base class of every error @trex/train raises. */
export class TrainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A training or evaluation option is out of range or inconsistent. */
export class TrainOptionError extends TrainError {}

/** An unknown dataset id, or a dataset path that cannot be read as any supported format. */
export class DatasetLookupError extends TrainError {}

/** A checkpoint file is malformed, of another format version, or does not fit the model. */
export class CheckpointError extends TrainError {}

/** A model id, checkpoint path or method record could not be resolved to a model. */
export class ModelResolveError extends TrainError {}
