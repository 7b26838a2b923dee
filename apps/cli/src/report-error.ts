import { CommanderError } from "commander";
import type { CliOutput } from "./context.js";

// JavaScript's own error classes signal a bug in trex, not a mistake by the user.
const BUILTIN_ERRORS = new Set([
  "Error",
  "TypeError",
  "RangeError",
  "ReferenceError",
  "SyntaxError",
  "EvalError",
  "URIError",
  "AggregateError",
]);

/**
 * A typed error (one of the TReX packages' own classes, e.g. UnknownIdError, KernelShapeError) or a
 * system error (ENOENT, EACCES) is the user's to fix: its message is enough. Anything else is a bug.
 */
export function isUserFacing(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  if (!BUILTIN_ERRORS.has(error.name)) return true;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code);
}

/**
 * Print `error` as one clear line on stderr (the stack only with TREX_DEBUG=1) and return the exit code.
 * Commander has already printed its own usage errors; help and --version exit with 0.
 */
export function reportError(error: unknown, stderr: CliOutput, debug: boolean): number {
  if (error instanceof CommanderError) return error.exitCode;
  if (debug) {
    stderr.write(`${error instanceof Error && error.stack ? error.stack : String(error)}\n`);
    const cause = error instanceof Error ? error.cause : undefined;
    if (cause) stderr.write(`Caused by: ${cause instanceof Error && cause.stack ? cause.stack : String(cause)}\n`);
    return 1;
  }
  if (isUserFacing(error)) {
    stderr.write(`trex: ${error.message}\n`);
  } else {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    stderr.write(`trex: internal error: ${text}\n(this is a bug in trex; run again with TREX_DEBUG=1 for the stack trace)\n`);
  }
  return 1;
}
