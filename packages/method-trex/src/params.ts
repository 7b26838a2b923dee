import type { ParamSchema, ParamValues } from "@trex/registry";
import { ReuseParamError } from "./errors.js";

/**
 * The `trex` method's parameters. `reuse` lists 1-based encoder indices (the paper's numbering); the
 * bounds that depend on the model (at most its depth, never encoder 1) are checked against the model
 * in `reuseIndices` so the message can name the model's size.
 */
export const TREX_PARAMS = {
  reuse: {
    type: "int-list",
    description: "1-based encoders that reuse attention, e.g. 4,6,8 (encoder 1 never reuses)",
    required: true,
    min: 1,
  },
  chain: {
    type: "enum",
    values: ["nearest-computed", "previous"],
    default: "nearest-computed",
    description: "what a chained reusing encoder reads: the nearest earlier computed attention, or the previous encoder's (TB) output",
  },
  tbInit: {
    type: "enum",
    values: ["small", "identity"],
    default: "small",
    description: "TB init: small = Linear trunc-normal std 0.02 (branch starts near zero), identity = Linear W = I, b = 0",
  },
} as const satisfies ParamSchema;

export type TrexParams = ParamValues<typeof TREX_PARAMS>;

/** The chain option in @trex/models' vocabulary. */
export function modelChain(chain: TrexParams["chain"]): "computed" | "previous" {
  return chain === "previous" ? "previous" : "computed";
}

/**
 * Checks a 1-based reuse list against a model of `depth` encoders and returns the 0-based block indices,
 * ascending. Encoder 1, indices past the depth and repeats are ReuseParamErrors naming the fix.
 */
export function reuseIndices(reuse: readonly number[], depth: number): number[] {
  const seen = new Set<number>();
  for (const e of reuse) {
    if (!Number.isInteger(e)) throw new ReuseParamError(`reuse: ${e} is not an integer; list 1-based encoder numbers such as 4,6,8`);
    if (e === 1) {
      throw new ReuseParamError(
        "reuse: encoder 1 never reuses attention (no earlier encoder has computed any); list encoders from 2 upwards, e.g. reuse=4,6,8",
      );
    }
    if (e < 1 || e > depth) throw new ReuseParamError(`reuse: encoder ${e} does not exist; this model has encoders 1..${depth}, and encoders 2..${depth} may reuse`);
    if (seen.has(e)) throw new ReuseParamError(`reuse: encoder ${e} is listed twice; list each reusing encoder once`);
    seen.add(e);
  }
  return [...seen].sort((a, b) => a - b).map((e) => e - 1);
}
