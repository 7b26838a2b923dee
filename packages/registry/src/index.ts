// `@trex/registry`: browser-safe core. Filesystem discovery lives in `@trex/registry/node`.
export { checkApiVersion, PLUGIN_API_VERSION } from "./api-version.js";
export type { DatasetPlugin, HardwarePresetPlugin, ModelPlugin } from "./descriptors.js";
export {
  DuplicateIdError,
  ParamError,
  PluginConfigError,
  PluginLoadError,
  PluginVersionError,
  RegistryError,
  UnknownIdError,
} from "./errors.js";
export { type FinetuneBudget, METHOD_KINDS, type MethodKind, type MethodPlugin } from "./method.js";
export {
  type BooleanParam,
  checkParamSchema,
  describeParams,
  type EnumParam,
  expectedForm,
  formatParamsHelp,
  type IntListParam,
  type IntParam,
  type NumberParam,
  type ParamDescription,
  type ParamSchema,
  type ParamSpec,
  type ParamType,
  type ParamValues,
  parseParam,
  parseParamAssignments,
  type RawParams,
  type StringParam,
  validateParams,
} from "./params.js";
export type { LoadedPlugin, TrexPluginModule } from "./plugin-module.js";
export { type RegisterOptions, Registry, type RegistryEntry } from "./registry.js";
export { createRegistry, TrexRegistry } from "./trex-registry.js";
