import { PluginVersionError } from "./errors.js";

/**
 * The plugin API this registry implements, MAJOR.MINOR. A plugin written for M.m loads when M equals
 * our major and m is at most our minor (minor versions only add to the API; a major version breaks it).
 */
export const PLUGIN_API_VERSION = "1.0";

const VERSION_RE = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/;

/** Throws PluginVersionError unless `apiVersion` (of the plugin named `plugin`) is compatible with ours. */
export function checkApiVersion(plugin: string, apiVersion: unknown, supported: string = PLUGIN_API_VERSION): void {
  const ours = VERSION_RE.exec(supported);
  if (!ours) throw new Error(`Internal: supported plugin API version "${supported}" is not MAJOR.MINOR.`);
  const text = typeof apiVersion === "string" ? apiVersion.trim() : String(apiVersion);
  const theirs = typeof apiVersion === "string" ? VERSION_RE.exec(text) : null;
  if (!theirs) {
    throw new PluginVersionError(plugin, text, supported, 'its "apiVersion" must be a string like "1.0"');
  }
  const [major, minor] = [Number(theirs[1]), Number(theirs[2] ?? 0)];
  const [ourMajor, ourMinor] = [Number(ours[1]), Number(ours[2] ?? 0)];
  if (major !== ourMajor) {
    throw new PluginVersionError(plugin, text, supported, `major version ${major} differs from ${ourMajor}`);
  }
  if (minor > ourMinor) {
    throw new PluginVersionError(plugin, text, supported, `it needs API features newer than ${supported}`);
  }
}
