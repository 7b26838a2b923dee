import { ArgumentError } from "./errors.js";
import type { Parameter } from "./tensor.js";

/** A set of parameters sharing a weight-decay setting (e.g. no decay on biases and norms). */
export interface ParamGroup {
  params: readonly Parameter[];
  /** Overrides the optimizer's weightDecay for this group. */
  weightDecay?: number;
}

/** The optimizer interface every optimizer here implements. */
export interface Optimizer {
  /** Learning rate used by the next step (set it from a schedule before each step). */
  lr: number;
  /** Applies one update from the parameters' `.grad` (parameters without a gradient are skipped). */
  step(): void;
  /** Clears every parameter's gradient. */
  zeroGrad(): void;
  /** All parameters, in group order. */
  readonly params: readonly Parameter[];
}

/** Normalises the params argument of an optimizer constructor to groups. */
export function toGroups(params: readonly Parameter[] | readonly ParamGroup[]): ParamGroup[] {
  if (params.length === 0) return [];
  const first = params[0] as Parameter | ParamGroup;
  return "params" in first && !("data" in first) ? [...(params as readonly ParamGroup[])] : [{ params: params as readonly Parameter[] }];
}

/** Throws unless v is a finite number >= min. */
export function checkHyper(op: string, name: string, v: number, min = 0): void {
  if (!(Number.isFinite(v) && v >= min)) throw new ArgumentError(`${op}: ${name} = ${v} must be a finite number >= ${min}.`);
}
