/** Base class of every error @trex/xbar throws. */
export class XbarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A crossbar setting is out of range or inconsistent; the message names the setting and the fix. */
export class XbarConfigError extends XbarError {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
  }
}

/** Operand sizes do not match the declared shape. */
export class XbarShapeError extends XbarError {}
