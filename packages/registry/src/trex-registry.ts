import { checkApiVersion } from "./api-version.js";
import type { DatasetPlugin, HardwarePresetPlugin, ModelPlugin } from "./descriptors.js";
import { DuplicateIdError, RegistryError } from "./errors.js";
import { METHOD_KINDS, type MethodPlugin } from "./method.js";
import { checkParamSchema } from "./params.js";
import type { LoadedPlugin, TrexPluginModule } from "./plugin-module.js";
import { type RegisterOptions, Registry } from "./registry.js";

const SECTIONS = ["methods", "models", "datasets", "hardwarePresets"] as const;
type Section = (typeof SECTIONS)[number];

function where(kind: string, id: string, source: string | undefined): string {
  return `${kind} "${id}"${source ? ` (from ${source})` : ""}`;
}

function requireDescription(item: { id: string; description?: unknown }, kind: string, source?: string): void {
  if (typeof item.description !== "string" || item.description.trim() === "") {
    throw new RegistryError(`${where(kind, item.id, source)}: add a one-line "description".`);
  }
}

function requireFunctions(item: object, names: readonly string[], label: string): void {
  for (const name of names) {
    const value = (item as Record<string, unknown>)[name];
    if (value !== undefined && typeof value !== "function") {
      throw new RegistryError(`${label}: "${name}" must be a function when given, got ${typeof value}.`);
    }
  }
}

function validateMethod(method: MethodPlugin, source: string | undefined): void {
  const label = where("method", method.id, source);
  requireDescription(method, "method", source);
  if (!METHOD_KINDS.includes(method.kind)) {
    throw new RegistryError(
      `${label}: unknown kind ${JSON.stringify(method.kind)}; use one of ${METHOD_KINDS.join(", ")}.`,
    );
  }
  checkApiVersion(`method "${method.id}"`, method.apiVersion);
  checkParamSchema(method.params, label);
  requireFunctions(method, ["transformSpec", "apply", "finetune"], label);
}

/**
 * Every TReX extension point in one object: methods, models, datasets and hardware presets, each a
 * `Registry`, plus the plugins that filled them. The CLI and the web app each build one and register
 * plugins into it explicitly; nothing registers itself on import.
 */
export class TrexRegistry {
  readonly methods = new Registry<MethodPlugin>("method", validateMethod);
  readonly models = new Registry<ModelPlugin>("model", (model, source) => {
    requireDescription(model, "model", source);
    requireFunctions(model, ["create"], where("model", model.id, source));
  });
  readonly datasets = new Registry<DatasetPlugin>("dataset", (dataset, source) => {
    requireDescription(dataset, "dataset", source);
    requireFunctions(dataset, ["load"], where("dataset", dataset.id, source));
  });
  readonly hardwarePresets = new Registry<HardwarePresetPlugin>("hardware preset", (preset, source) => {
    requireDescription(preset, "hardware preset", source);
    if (preset.config === undefined) {
      throw new RegistryError(`${where("hardware preset", preset.id, source)}: "config" is missing.`);
    }
  });
  // Plugin names are package names, so they may carry a scope: "@trex/methods".
  readonly plugins = new Registry<LoadedPlugin>("plugin", undefined, /^(@[A-Za-z0-9._-]+\/)?[A-Za-z0-9][A-Za-z0-9._-]*$/);

  registerMethod(method: MethodPlugin, options?: RegisterOptions): MethodPlugin {
    return this.methods.register(method, options);
  }
  getMethod(id: string): MethodPlugin {
    return this.methods.get(id);
  }
  listMethods(): MethodPlugin[] {
    return this.methods.list();
  }

  registerModel(model: ModelPlugin, options?: RegisterOptions): ModelPlugin {
    return this.models.register(model, options);
  }
  getModel(id: string): ModelPlugin {
    return this.models.get(id);
  }
  listModels(): ModelPlugin[] {
    return this.models.list();
  }

  registerDataset(dataset: DatasetPlugin, options?: RegisterOptions): DatasetPlugin {
    return this.datasets.register(dataset, options);
  }
  getDataset(id: string): DatasetPlugin {
    return this.datasets.get(id);
  }
  listDatasets(): DatasetPlugin[] {
    return this.datasets.list();
  }

  registerHardwarePreset(preset: HardwarePresetPlugin, options?: RegisterOptions): HardwarePresetPlugin {
    return this.hardwarePresets.register(preset, options);
  }
  getHardwarePreset(id: string): HardwarePresetPlugin {
    return this.hardwarePresets.get(id);
  }
  listHardwarePresets(): HardwarePresetPlugin[] {
    return this.hardwarePresets.list();
  }

  /**
   * Register everything a plugin module provides, all or nothing: the module's API version, every
   * descriptor and every id (against the registry and within the module) is checked before any is added.
   */
  registerPlugin(plugin: TrexPluginModule, options: RegisterOptions = {}): LoadedPlugin {
    if (plugin === null || typeof plugin !== "object") {
      throw new RegistryError(
        `Plugin${options.source ? ` from ${options.source}` : ""} is not an object; export \`trexPlugin = { apiVersion, name, methods, ... }\`.`,
      );
    }
    const name = plugin.name;
    if (typeof name !== "string" || name.trim() === "") {
      throw new RegistryError(
        `Plugin${options.source ? ` from ${options.source}` : ""} has no "name"; give it a unique name (usually its package name).`,
      );
    }
    checkApiVersion(name, plugin.apiVersion);
    const source = options.source ?? name;
    const sections: Record<Section, readonly { id: string }[]> = {
      methods: [],
      models: [],
      datasets: [],
      hardwarePresets: [],
    };
    for (const section of SECTIONS) {
      const items = plugin[section];
      if (items === undefined) continue;
      if (!Array.isArray(items)) {
        throw new RegistryError(`Plugin "${name}": "${section}" must be an array of descriptors.`);
      }
      sections[section] = items;
    }

    const loaded: LoadedPlugin = {
      id: name,
      apiVersion: plugin.apiVersion,
      source: options.source,
      methods: sections.methods.map((item) => item?.id),
      models: sections.models.map((item) => item?.id),
      datasets: sections.datasets.map((item) => item?.id),
      hardwarePresets: sections.hardwarePresets.map((item) => item?.id),
    };
    this.plugins.check(loaded, { source });
    for (const section of SECTIONS) {
      const registry = this[section] as unknown as Registry<{ id: string }>;
      const seen = new Set<string>();
      for (const item of sections[section]) {
        registry.check(item, { source });
        if (seen.has(item.id)) throw new DuplicateIdError(registry.kind, item.id, source, source);
        seen.add(item.id);
      }
    }
    for (const section of SECTIONS) {
      const registry = this[section] as unknown as Registry<{ id: string }>;
      for (const item of sections[section]) registry.register(item, { source });
    }
    return this.plugins.register(loaded, { source: options.source });
  }
}

/** A fresh, empty registry. */
export function createRegistry(): TrexRegistry {
  return new TrexRegistry();
}
