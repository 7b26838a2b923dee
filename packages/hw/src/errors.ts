/** Base class of every error thrown by @trex/hw; catch this to handle any cost-model failure. */
export class HwError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A TransformerSpec, BlockSpec or WorkloadOp is malformed (the message names the field and the fix). */
export class HwSpecError extends HwError {}

/** A hardware preset (built-in or user JSON) is malformed (the message names the field and the fix). */
export class HwPresetError extends HwError {}

/** An unknown architecture, preset or option was asked for (the message lists the known ones). */
export class HwLookupError extends HwError {}
