import { resolve } from "node:path";
import { getPreset, type HwPreset, HwLookupError, listPresets, loadPresetFile, validatePreset } from "@trex/hw";
import type { ModelConfig } from "@trex/models";
import type { TrexRegistry } from "@trex/registry";
import { designPresets, loadDataset, modelRefKind, type ResolvedModel, resolveModel, type TaskData } from "@trex/train";
import { SearchOptionError } from "./errors.js";
import type { SearchBudget } from "./search.js";
import type { NoiseDesign } from "./variation-aware.js";

// What `trex search` and `trex study` both read from their flags: one parser each, so the two commands
// cannot drift apart.

/** `--budget`: a number with a decimal point (or below 1) is a fraction of the data in (0, 1]; an integer is a count. */
export function parseSearchBudget(value: string | undefined): SearchBudget {
  if (value === undefined) return {};
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x) || x <= 0) throw new SearchOptionError(`--budget must be a fraction in (0, 1] (e.g. 0.2) or a count (e.g. 200), got "${value}"`);
  if (value.includes(".") || x < 1) {
    if (x > 1) throw new SearchOptionError(`--budget ${value}: a fraction must be at most 1 (write a count without a decimal point)`);
    return { fraction: x };
  }
  return { count: x };
}

/** `--noise`: a crossbar design id of @trex/train (fefet, sram, hybrid, …) or `none` (null: ideal fine-tune). */
export function parseNoiseDesign(value: string | undefined): NoiseDesign | null | undefined {
  if (value === undefined) return undefined;
  if (value === "none") return null;
  const d = designPresets()[value];
  if (!d) throw new SearchOptionError(`unknown --noise "${value}"; known: ${Object.keys(designPresets()).join(", ")}, none`);
  return d;
}

/** The @trex/train crossbar design id (for `evaluateNonideal`) whose devices equal `noise`, or null. */
export function designIdOf(noise: NoiseDesign): string | null {
  const hit = Object.entries(designPresets()).find(([, d]) => d.static === noise.static && d.dynamic === noise.dynamic);
  return hit ? hit[0] : null;
}

/** `--preset`: a built-in @trex/hw preset id, a registered hardware preset, or a preset .json file. */
export async function resolveHwPreset(registry: TrexRegistry, value: string, cwd: string): Promise<HwPreset> {
  if (value.endsWith(".json") || value.includes("/")) return loadPresetFile(resolve(cwd, value));
  if (listPresets().includes(value)) return getPreset(value);
  if (registry.hardwarePresets.has(value)) return validatePreset(registry.hardwarePresets.get(value).config, `hardware preset "${value}"`);
  throw new HwLookupError(`unknown preset "${value}"; known: ${[...new Set([...listPresets(), ...registry.hardwarePresets.ids()])].join(", ")}`);
}

export interface SearchInputs {
  /** The unmodified model as resolved (checkpoint header, source). */
  readonly resolved: ResolvedModel;
  /** The dataset id or path used (given, else the checkpoint's training dataset). */
  readonly dataset: string;
  /** Training split (calibration, partial training, fine-tuning). */
  readonly data: TaskData;
}

/**
 * The unmodified model and its training data, as `trex search` loads them: a checkpoint or embedded model
 * first (its tokenizer decides a text dataset's vocabulary); a seeded init gets the data's model overrides.
 * Without `dataset`, the checkpoint's own training dataset is used.
 */
export async function loadSearchInputs(
  model: string,
  dataset: string | undefined,
  o: { cwd: string; registry: TrexRegistry; limit?: number; init?: boolean },
): Promise<SearchInputs> {
  const kind = modelRefKind(model, { cwd: o.cwd, preferInit: o.init });
  const first = kind !== "init" ? await resolveModel(model, { cwd: o.cwd, registry: o.registry.methods }) : null;
  const id = dataset ?? first?.header?.training?.dataset;
  if (!id) throw new SearchOptionError(`model "${model}" records no training dataset: give the dataset explicitly (e.g. fmnist or accept)`);
  const data = loadDataset(id, { split: "train", limit: o.limit, cwd: o.cwd, vocab: first?.header?.tokenizer?.vocab });
  const resolved =
    first ?? (await resolveModel(model, { cwd: o.cwd, registry: o.registry.methods, preferInit: true, overrides: data.modelOverrides as Partial<ModelConfig> }));
  return { resolved, dataset: id, data };
}
