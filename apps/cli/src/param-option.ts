import { type ParamSchema, type ParamValues, parseParamAssignments, validateParams } from "@trex/registry";
import { Option } from "commander";

/**
 * The shared `--param <name=value>` option (repeatable) for commands that run a method:
 * `trex eval --method trex-reuse --param reuse=4,6,8 --param chain=nearest`. Values collect into a list.
 */
export function paramOption(description = "a method parameter as name=value (repeatable; see `trex list methods`)"): Option {
  return new Option("--param <name=value>", description).argParser((value: string, previous: string[] = []) => [
    ...previous,
    value,
  ]);
}

/** Typed, checked parameter values from `--param` assignments; bad input throws a ParamError naming it. */
export function resolveParams<S extends ParamSchema>(schema: S, assignments: readonly string[] = []): ParamValues<S> {
  return validateParams(schema, parseParamAssignments(assignments));
}
