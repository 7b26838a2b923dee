/** Base class of every error thrown by @trex/method-trex; catch this to handle any TReX-method failure. */
export class TrexMethodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A reuse pattern or TB option does not fit the model (encoder 1, out of range, duplicates, reuse already applied). */
export class ReuseParamError extends TrexMethodError {}

/** A pattern enumeration was asked for counts or sizes that make no pattern. */
export class PatternError extends TrexMethodError {}

/** No reuse pattern meets the delay target on the chosen hardware; carries the best achievable delay. */
export class DelayTargetError extends TrexMethodError {
  constructor(
    readonly targetMs: number,
    readonly bestMs: number,
    readonly bestPattern: readonly number[],
    readonly preset: string,
  ) {
    super(
      `no reuse pattern meets the delay target ${targetMs} ms on ${preset}: the best achievable delay is ${bestMs.toPrecision(6)} ms ` +
        `(encoders ${bestPattern.join(",")} reusing). Raise --delay-target to at least ${bestMs.toPrecision(6)} ms or pick another --preset.`,
    );
  }
}

/** Search or fine-tuning options are malformed (budget, calibration size, mode, noise design). */
export class SearchOptionError extends TrexMethodError {}
