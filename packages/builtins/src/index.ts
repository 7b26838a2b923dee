import { PLUGIN_API_VERSION, type TrexPluginModule } from "@trex/registry";
import { builtinDatasets } from "./datasets.js";
import { builtinModels } from "./models.js";
import { builtinHardwarePresets } from "./presets.js";

export { builtinDatasets } from "./datasets.js";
export { type BuiltinModelOptions, builtinModels } from "./models.js";
export { builtinHardwarePresets } from "./presets.js";

/**
 * The built-in plugin: listed in the workspace's trex.config.json like any third-party plugin, so the
 * CLI and the web app treat built-ins and plugins the same way. Plain descriptors; importing this
 * module registers nothing.
 */
export const trexPlugin: TrexPluginModule = {
  apiVersion: PLUGIN_API_VERSION,
  name: "@trex/builtins",
  models: builtinModels(),
  datasets: builtinDatasets(),
  hardwarePresets: builtinHardwarePresets(),
};
