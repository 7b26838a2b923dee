/** Base class of errors the trex CLI itself raises (bad arguments, unusable paths). */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An output file could not be written; nothing was left at the target path. */
export class OutputFileError extends CliError {}
