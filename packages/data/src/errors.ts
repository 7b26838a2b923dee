/** Base class of every error thrown by @trex/data; catch this to handle any data failure. */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A dataset directory or file does not exist where it was looked for. */
export class DatasetNotFoundError extends DataError {}

/** A binary file (IDX, PNG, JPEG) is corrupt, truncated or not the format that was expected. */
export class DataFormatError extends DataError {}

/** A text file (TSV, vocab) has a malformed line; `line` is 1-based. */
export class TextFormatError extends DataError {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** An option or argument is out of range or inconsistent (e.g. a crop larger than the image). */
export class DataOptionError extends DataError {}
