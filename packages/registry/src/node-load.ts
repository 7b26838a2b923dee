import { pathToFileURL } from "node:url";
import { PluginLoadError } from "./errors.js";
import { findPluginConfig, type PluginConfig } from "./node-config.js";
import { resolvePluginFile } from "./node-resolve.js";
import type { LoadedPlugin, TrexPluginModule } from "./plugin-module.js";
import type { TrexRegistry } from "./trex-registry.js";

export interface LoadPluginsOptions {
  /** Paths are relative to this directory and package names are looked up from it first. */
  readonly baseDir: string;
  /** More directories to look up package names from, in order (e.g. the CLI's own install). */
  readonly resolveFrom?: readonly string[];
}

// Files each registry has already loaded, so the same module listed twice (say in the built-in and the
// user configuration) registers once instead of failing as a duplicate.
const loadedFiles = new WeakMap<TrexRegistry, Set<string>>();

/**
 * Import each plugin module (package name or path), check its API version and register its descriptors.
 * Plugins load in order; the first failure throws (PluginLoadError, PluginVersionError, DuplicateIdError)
 * and leaves the plugins before it registered.
 */
export async function loadPlugins(
  registry: TrexRegistry,
  specifiers: readonly string[],
  options: LoadPluginsOptions,
): Promise<LoadedPlugin[]> {
  const seen = loadedFiles.get(registry) ?? new Set<string>();
  loadedFiles.set(registry, seen);
  const loaded: LoadedPlugin[] = [];
  for (const specifier of specifiers) {
    const file = resolvePluginFile(specifier, [options.baseDir, ...(options.resolveFrom ?? [])]);
    if (seen.has(file)) continue;
    let namespace: Record<string, unknown>;
    try {
      namespace = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      throw new PluginLoadError(specifier, `importing ${file} failed: ${(error as Error).message}`, { cause: error });
    }
    const plugin = namespace.trexPlugin;
    if (plugin === undefined) {
      throw new PluginLoadError(
        specifier,
        `${file} does not export \`trexPlugin\`; add \`export const trexPlugin = { apiVersion: "1.0", name, methods: [...] }\`.`,
      );
    }
    loaded.push(registry.registerPlugin(plugin as TrexPluginModule, { source: specifier }));
    seen.add(file);
  }
  return loaded;
}

/** The configuration found from `cwd` (see findPluginConfig) and the plugins it loaded into `registry`. */
export async function loadConfiguredPlugins(
  registry: TrexRegistry,
  cwd: string,
  options: { resolveFrom?: readonly string[] } = {},
): Promise<{ config: PluginConfig | undefined; plugins: LoadedPlugin[] }> {
  const config = findPluginConfig(cwd);
  if (!config) return { config, plugins: [] };
  const plugins = await loadPlugins(registry, config.plugins, {
    baseDir: config.baseDir,
    resolveFrom: options.resolveFrom,
  });
  return { config, plugins };
}
