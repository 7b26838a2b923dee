#!/usr/bin/env node
// The `trex` entry point (`pnpm trex ...` from the repository root).
import { runCli } from "./run.js";

// exitCode rather than process.exit(): let buffered stdout (e.g. a large `list --json`) drain first.
process.exitCode = await runCli(process.argv.slice(2));
