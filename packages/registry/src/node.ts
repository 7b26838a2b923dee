// `@trex/registry/node`: plugin discovery and loading from the filesystem. Kept out of the main entry so
// `@trex/registry` itself stays browser-safe (no fs/path).
export { CONFIG_FILE, findPluginConfig, type PluginConfig, readPluginConfig } from "./node-config.js";
export { type LoadPluginsOptions, loadConfiguredPlugins, loadPlugins } from "./node-load.js";
export { isPathSpecifier, resolvePluginFile } from "./node-resolve.js";
