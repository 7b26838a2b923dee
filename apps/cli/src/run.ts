import { type CliOutput, createContext } from "./context.js";
import { createProgram } from "./program.js";
import { reportError } from "./report-error.js";

/** Run trex with `argv` (without node and the script path) and return the exit code; never throws. */
export async function runCli(
  argv: readonly string[],
  options: { cwd?: string; stdout?: CliOutput; stderr?: CliOutput; debug?: boolean } = {},
): Promise<number> {
  const context = createContext(options);
  const debug = options.debug ?? process.env.TREX_DEBUG === "1";
  try {
    await createProgram(context).parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    return reportError(error, context.stderr, debug);
  }
}
