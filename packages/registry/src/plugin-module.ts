import type { DatasetPlugin, HardwarePresetPlugin, ModelPlugin } from "./descriptors.js";
import type { MethodPlugin } from "./method.js";

/**
 * What a plugin module exports as `trexPlugin`: plain descriptors, nothing registered on import.
 * `loadPlugins` (from `@trex/registry/node`) or `registry.registerPlugin` does the registering.
 *
 * ```ts
 * export const trexPlugin: TrexPluginModule = { apiVersion: "1.0", name: "my-methods", methods: [myMethod] };
 * ```
 */
export interface TrexPluginModule {
  /** The plugin API the module targets (see PLUGIN_API_VERSION). */
  readonly apiVersion: string;
  /** Unique plugin name, usually the package name. */
  readonly name: string;
  readonly methods?: readonly MethodPlugin[];
  readonly models?: readonly ModelPlugin[];
  readonly datasets?: readonly DatasetPlugin[];
  readonly hardwarePresets?: readonly HardwarePresetPlugin[];
}

/** A plugin the registry has registered: its name, API version, where it was loaded from, and what it added. */
export interface LoadedPlugin {
  readonly id: string;
  readonly apiVersion: string;
  readonly source: string | undefined;
  readonly methods: readonly string[];
  readonly models: readonly string[];
  readonly datasets: readonly string[];
  readonly hardwarePresets: readonly string[];
}
