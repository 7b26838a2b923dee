#!/usr/bin/env node
// The `trex` entry point (`pnpm trex ...` from the repository root).
import { runCli } from "./run.js";

// A reader that stops early (`trex list --json | head`) closes the pipe: that is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

// exitCode rather than process.exit(): let buffered stdout (e.g. a large `list --json`) drain first.
process.exitCode = await runCli(process.argv.slice(2));
