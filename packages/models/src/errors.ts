// The package's error hierarchy: catch ModelError for anything this package throws, or a subclass for
// one kind of mistake. Messages name the setting or tensor that was wrong and what would fix it.

/** Base class of every error thrown by @trex/models. */
export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A model config (or an override) is invalid: wrong type, out of range, inconsistent. */
export class ModelConfigError extends ModelError {}

/** An unknown model id, block index or layer name was asked for. */
export class ModelLookupError extends ModelError {}

/** A forward input has the wrong shape, channel count, image size or token ids out of range. */
export class ModelInputError extends ModelError {}

/** loadNamed found a missing, unexpected, mis-shaped or non-finite tensor. */
export class WeightLoadError extends ModelError {
  /** The canonical name of the offending tensor. */
  readonly tensorName: string;
  constructor(tensorName: string, message: string) {
    super(message);
    this.tensorName = tensorName;
  }
}

/** An extension (reuse, token hook, weight group, transform) cannot be applied to this model as asked. */
export class ModelStructureError extends ModelError {}
