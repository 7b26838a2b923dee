// Programmatic access to the trex CLI (used by its tests and by tools that embed it).
export type { RegisterCommand } from "./commands/command.js";
export { commands } from "./commands/index.js";
export { registrySummary } from "./commands/list.js";
export { CLI_PACKAGE_DIR, type CliContext, type CliOutput, cliVersion, createContext } from "./context.js";
export { CliError, OutputFileError } from "./errors.js";
export { withAtomicOutput, writeFileAtomic, writeJsonAtomic } from "./output-file.js";
export { paramOption, resolveParams } from "./param-option.js";
export { createProgram } from "./program.js";
export { isUserFacing, reportError } from "./report-error.js";
export { runCli } from "./run.js";
