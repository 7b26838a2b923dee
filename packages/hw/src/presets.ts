// The built-in presets (data in presets/*.json) behind one front door: getPreset / listPresets.
import { HwLookupError } from "./errors.js";
import type { HwPreset } from "./preset.js";
import { validatePreset } from "./preset.js";
import { builtinPresetData } from "./presets.generated.js";

const cache = new Map<string, HwPreset>();

/** Ids of the built-in presets. */
export function listPresets(): string[] {
  return Object.keys(builtinPresetData);
}

/** A built-in preset by id (validated once, then shared: treat it as immutable). */
export function getPreset(id: string): HwPreset {
  const hit = cache.get(id);
  if (hit) return hit;
  const data = builtinPresetData[id];
  if (data === undefined) throw new HwLookupError(`unknown preset "${id}"; known: ${listPresets().join(", ")}`);
  const preset = deepFreeze(structuredClone(validatePreset(data, `presets/${id}.json`)));
  cache.set(id, preset);
  return preset;
}

/** Presets are shared values: freeze them all the way down so no caller can change one for everyone. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
