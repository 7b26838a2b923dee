import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { PluginConfigError } from "./errors.js";

/** The file name looked for in each directory, before package.json. */
export const CONFIG_FILE = "trex.config.json";

/**
 * Plugin configuration found on disk. `trex.config.json` holds `{ "plugins": [...] }`; a package.json
 * holds the same under `"trex": { "plugins": [...] }`. Each entry is a package name or a path relative
 * to `baseDir` (the directory of the file).
 */
export interface PluginConfig {
  readonly file: string;
  readonly baseDir: string;
  readonly plugins: readonly string[];
}

function parseJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new PluginConfigError(file, `cannot read it (${(error as Error).message}).`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PluginConfigError(file, `it is not valid JSON (${(error as Error).message}).`);
  }
}

function pluginList(file: string, value: unknown, key: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string" || item.trim() === "")) {
    throw new PluginConfigError(
      file,
      `"${key}" must be a list of package names or paths, e.g. ["@trex/methods", "./my-plugin.js"].`,
    );
  }
  return value.map((item: string) => item.trim());
}

/** Read one config file: a trex.config.json, or a package.json (whose `trex` section may be absent). */
export function readPluginConfig(file: string): PluginConfig | undefined {
  const path = resolve(file);
  const data = parseJson(path);
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new PluginConfigError(path, "the top level must be a JSON object.");
  }
  const record = data as Record<string, unknown>;
  if (path.endsWith("package.json")) {
    const section = record.trex;
    if (section === undefined) return undefined;
    if (section === null || typeof section !== "object" || Array.isArray(section)) {
      throw new PluginConfigError(path, '"trex" must be an object such as { "plugins": [...] }.');
    }
    return { file: path, baseDir: dirname(path), plugins: pluginList(path, (section as Record<string, unknown>).plugins, "trex.plugins") };
  }
  return { file: path, baseDir: dirname(path), plugins: pluginList(path, record.plugins, "plugins") };
}

/**
 * Walk up from `startDir` to the filesystem root; in each directory a trex.config.json wins, then a
 * package.json with a `trex` section. A package.json without one is passed over, so running inside a
 * workspace package still finds the workspace root's configuration.
 */
export function findPluginConfig(startDir: string): PluginConfig | undefined {
  for (let dir = resolve(startDir); ; dir = dirname(dir)) {
    const configFile = join(dir, CONFIG_FILE);
    if (existsSync(configFile)) return readPluginConfig(configFile);
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const config = readPluginConfig(manifest);
      if (config) return config;
    }
    if (dirname(dir) === dir) return undefined;
  }
}
