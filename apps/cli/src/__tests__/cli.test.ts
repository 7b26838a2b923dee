import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CLI = join(PACKAGE_DIR, "dist/main.js");
const REPO_ROOT = resolve(PACKAGE_DIR, "../..");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the built `trex` in a child process, as a user would. */
function trex(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: options.cwd ?? REPO_ROOT, env: { ...process.env, TREX_DEBUG: "", ...options.env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

let project: string;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm --filter @trex/cli-app build\` first.`);
  project = mkdtempSync(join(tmpdir(), "trex-cli-"));
  // A user project with its own plugin, found through trex.config.json in the working directory.
  writeFileSync(join(project, "trex.config.json"), JSON.stringify({ plugins: ["./plugins/skip.mjs"] }));
  mkdirSync(join(project, "plugins"));
  writeFileSync(
    join(project, "plugins/skip.mjs"),
    `export const trexPlugin = {
  apiVersion: "1.0",
  name: "skip-plugin",
  methods: [{
    id: "skip-encoders",
    kind: "other",
    description: "Drop whole encoders",
    apiVersion: "1.0",
    params: { drop: { type: "int-list", description: "encoders to drop", default: [11, 12] } },
  }],
  hardwarePresets: [{ id: "tiny-xbar", description: "32x32 crossbars", config: { rows: 32, cols: 32 } }],
};
`,
  );
  writeFileSync(
    join(project, "plugins/future.mjs"),
    `export const trexPlugin = { apiVersion: "2.0", name: "future-plugin" };\n`,
  );
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe("trex (built CLI)", () => {
  it("--help lists the commands and exits 0", async () => {
    const run = await trex(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: trex \[options\] \[command\]/);
    expect(run.stdout).toMatch(/\n {2}list \[options\] \[section\]/);
    expect(run.stderr).toBe("");
  });

  it("--version prints the CLI package version", async () => {
    const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8"));
    const run = await trex(["--version"]);
    expect(run).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: "" });
  });

  it("list --json prints the registry as JSON, with the repository's configuration", async () => {
    const run = await trex(["list", "--json"]);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(Object.keys(summary).sort()).toEqual(
      ["configFiles", "datasets", "hardwarePresets", "methods", "models", "plugins"].sort(),
    );
    expect(summary.configFiles).toEqual([join(REPO_ROOT, "trex.config.json")]);
    for (const key of ["methods", "models", "datasets", "hardwarePresets", "plugins"]) {
      expect(Array.isArray(summary[key])).toBe(true);
    }
  });

  it("shows a plugin discovered through trex.config.json in the working directory", async () => {
    const json = await trex(["list", "--json"], { cwd: project });
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout);
    expect(summary.configFiles).toContain(join(project, "trex.config.json"));
    expect(summary.methods).toContainEqual({
      id: "skip-encoders",
      kind: "other",
      description: "Drop whole encoders",
      apiVersion: "1.0",
      source: "./plugins/skip.mjs",
      capabilities: [],
      params: [
        {
          name: "drop",
          type: "int-list",
          description: "encoders to drop",
          required: false,
          default: [11, 12],
          usage: "drop=<int,...>",
          expected: "comma-separated integers (e.g. 4,6,8)",
        },
      ],
    });
    expect(summary.hardwarePresets.map((p: { id: string }) => p.id)).toContain("tiny-xbar");
    expect(summary.plugins.map((p: { id: string }) => p.id)).toContain("skip-plugin");

    const text = await trex(["list"], { cwd: project });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Methods \(\d+\)\n(.*\n)*? {2}skip-encoders +\[other\] +Drop whole encoders\n/);
    expect(text.stdout).toContain("      drop=<int,...>  encoders to drop (default: 11,12;");

    const section = await trex(["list", "hardware-presets", "--json"], { cwd: project });
    expect(JSON.parse(section.stdout).map((p: { id: string }) => p.id)).toContain("tiny-xbar");
  });

  it("loads an extra plugin given with --plugin", async () => {
    const run = await trex(["--plugin", "./plugins/skip.mjs", "list", "methods", "--json"], { cwd: project });
    expect(run.code).toBe(0);
    // Listed once: the same module from the config and from --plugin registers once.
    expect(JSON.parse(run.stdout).filter((m: { id: string }) => m.id === "skip-encoders")).toHaveLength(1);
  });

  it("exits non-zero with a clear message on an unknown command or option", async () => {
    const command = await trex(["lsit"]);
    expect(command.code).not.toBe(0);
    expect(command.stderr).toContain("error: unknown command 'lsit'");
    expect(command.stderr).toContain("(Did you mean list?)");
    expect(command.stdout).toBe("");

    const option = await trex(["list", "--jsno"]);
    expect(option.code).not.toBe(0);
    expect(option.stderr).toContain("error: unknown option '--jsno'");

    const choice = await trex(["list", "gadgets"]);
    expect(choice.code).not.toBe(0);
    expect(choice.stderr).toMatch(/value 'gadgets' is invalid for argument 'section'\. Allowed choices are methods, models/);
  });

  it("turns a typed error into one line on stderr, with the stack only under TREX_DEBUG=1", async () => {
    const run = await trex(["--plugin", "./plugins/future.mjs", "list"], { cwd: project });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      'trex: Plugin "future-plugin" targets plugin API 2.0, but this registry supports 1.0 ' +
        "(major version 2 differs from 1). Use a plugin release built for API 1.x.\n",
    );
    const debug = await trex(["--plugin", "./plugins/future.mjs", "list"], { cwd: project, env: { TREX_DEBUG: "1" } });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/^PluginVersionError: Plugin "future-plugin"/);
    expect(debug.stderr).toMatch(/\n {4}at /);
  });
});
