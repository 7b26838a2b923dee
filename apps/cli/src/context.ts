import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRegistry, type TrexRegistry } from "@trex/registry";
import { findPluginConfig, loadPlugins, type PluginConfig } from "@trex/registry/node";

/** Where a command writes; the real process streams in `trex`, buffers in tests. */
export interface CliOutput {
  write(text: string): unknown;
}

/** What every command gets: the working directory, the output streams and the (lazily loaded) registry. */
export interface CliContext {
  readonly cwd: string;
  readonly version: string;
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** Extra plugin specifiers from `--plugin`, relative to `cwd`; set before any command runs. */
  extraPlugins: string[];
  /** The registry with built-in and configured plugins loaded (once; later calls share the result). */
  registry(): Promise<TrexRegistry>;
  /** The configuration files the registry's plugins came from, in load order. */
  pluginConfigs(): Promise<PluginConfig[]>;
}

/** The CLI package directory (apps/cli), found from this file's place in dist/. */
export const CLI_PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(resolve(CLI_PACKAGE_DIR, "package.json"), "utf8")) as { version: string };
  return manifest.version;
}

/**
 * Built-in plugins are those in the configuration found walking up from the CLI's own install (in this
 * repository: the root trex.config.json); configured plugins are those found walking up from `cwd`.
 * Package names resolve from the config's directory first, then from the CLI's own dependencies.
 */
async function buildRegistry(cwd: string, extraPlugins: readonly string[]) {
  const registry = createRegistry();
  const configs: PluginConfig[] = [];
  for (const config of [findPluginConfig(CLI_PACKAGE_DIR), findPluginConfig(cwd)]) {
    if (!config || configs.some((seen) => seen.file === config.file)) continue;
    configs.push(config);
    await loadPlugins(registry, config.plugins, { baseDir: config.baseDir, resolveFrom: [CLI_PACKAGE_DIR] });
  }
  await loadPlugins(registry, extraPlugins, { baseDir: cwd, resolveFrom: [CLI_PACKAGE_DIR] });
  return { registry, configs };
}

export function createContext(options: { cwd?: string; stdout?: CliOutput; stderr?: CliOutput } = {}): CliContext {
  let loading: ReturnType<typeof buildRegistry> | undefined;
  const context: CliContext = {
    cwd: options.cwd ?? process.cwd(),
    version: cliVersion(),
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    extraPlugins: [],
    registry: async () => (await load()).registry,
    pluginConfigs: async () => (await load()).configs,
  };
  const load = () => {
    loading ??= buildRegistry(context.cwd, context.extraPlugins);
    return loading;
  };
  return context;
}
