// Runs the built `trex` CLI in a child process, as a user would: end-to-end tests share this one runner.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const CLI = join(PACKAGE_DIR, "dist/main.js");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Throws a clear message when the CLI has not been built (turbo builds it before `test`). */
export function requireBuiltCli(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm --filter @trex/cli-app build\` first.`);
}

/** `trex <args>` in `cwd`, stack traces off; resolves with the exit code and both streams. */
export function trex(args: string[], cwd: string): Promise<CliRun> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, TREX_DEBUG: "" }, maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/**
 * A temporary user project whose trex.config.json lists one plugin module, `plugins/reuse.mjs`, with the
 * given source: how the end-to-end tests check that commands resolve methods through configuration.
 */
export function pluginProject(prefix: string, pluginSource: string): string {
  const project = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(project, "trex.config.json"), JSON.stringify({ plugins: ["./plugins/reuse.mjs"] }));
  mkdirSync(join(project, "plugins"));
  writeFileSync(join(project, "plugins/reuse.mjs"), pluginSource);
  return project;
}
