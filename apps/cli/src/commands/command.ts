import type { Command } from "commander";
import type { CliContext } from "../context.js";

/**
 * Every `src/commands/<name>.ts` exports `register(program, context)`, which adds its subcommand to
 * `program`; `commands/index.ts` lists them. Actions get the registry with `await context.registry()`
 * and write through `context.stdout`; they throw typed errors and never call process.exit.
 */
export type RegisterCommand = (program: Command, context: CliContext) => void;
