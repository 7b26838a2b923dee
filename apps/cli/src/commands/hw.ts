import { resolve } from "node:path";
import {
  architectureSpec,
  costCategories,
  costSpec,
  getPreset,
  type HwPreset,
  HwLookupError,
  listArchitectures,
  listPresets,
  loadPresetFile,
  type TransformerSpec,
  validatePreset,
} from "@trex/hw";
import type { TrexRegistry } from "@trex/registry";
import { modelRefKind, resolveModel } from "@trex/train";
import { type Command, Option } from "commander";
import type { CliContext } from "../context.js";
import { CliError } from "../errors.js";
import { int } from "../numeric-options.js";
import { paramOption, resolveParams } from "../param-option.js";

interface HwOptions {
  model: string;
  preset: string;
  method?: string;
  param?: string[];
  seqLen?: string;
  imageSize?: string;
  json?: boolean;
  layers?: boolean;
}

/** A model's weightless spec: a registered model's own spec, else a built-in architecture of @trex/hw. */
function modelSpec(registry: TrexRegistry, id: string, options: HwOptions): TransformerSpec {
  const sized = options.seqLen !== undefined || options.imageSize !== undefined;
  const plugin = registry.models.has(id) ? registry.models.get(id) : undefined;
  if (plugin?.spec && !(sized && listArchitectures().includes(id))) return structuredClone(plugin.spec);
  if (listArchitectures().includes(id)) {
    return architectureSpec(id, { sequenceLength: int(options.seqLen, "--seq-len"), imageSize: int(options.imageSize, "--image-size") });
  }
  const known = [...new Set([...listArchitectures(), ...registry.models.list().filter((m) => m.spec).map((m) => m.id)])];
  throw new HwLookupError(`unknown model "${id}"; known: ${known.join(", ")}`);
}

/** A preset id (built-in or registered) or a path to a preset JSON file. */
async function resolvePreset(registry: TrexRegistry, value: string, cwd: string): Promise<HwPreset> {
  if (value.endsWith(".json") || value.includes("/")) return loadPresetFile(resolve(cwd, value));
  if (listPresets().includes(value)) return getPreset(value);
  if (registry.hardwarePresets.has(value)) return validatePreset(registry.hardwarePresets.get(value).config, `hardware preset "${value}"`);
  const known = [...new Set([...listPresets(), ...registry.hardwarePresets.ids()])];
  throw new HwLookupError(`unknown preset "${value}"; known: ${known.join(", ")} (or pass a path to a preset .json file)`);
}

const fmt = (x: number) => (x === 0 ? "0" : Math.abs(x) >= 0.01 && Math.abs(x) < 1e5 ? x.toFixed(4) : x.toExponential(3));

export function register(program: Command, context: CliContext): void {
  program
    .command("hw")
    .description("hardware cost of one inference on IMC crossbars: energy, delay, area, EDAP, TOPS/W, TOPS/mm² (TReXSim-style)")
    .requiredOption("--model <id|file>", `model id (built in: ${listArchitectures().join(", ")}; or a registered model with a spec) or a checkpoint file`)
    .option("--preset <id|file>", `hardware preset (${listPresets().join(", ")}, a registered one, or a preset .json file)`, "fefet-32nm")
    .option("--method <id>", "apply a method's structural transform first (see `trex list methods`)")
    .addOption(paramOption())
    .option("--seq-len <n>", "sequence length for BERT models (default 128)")
    .option("--image-size <n>", "input image side for ViT models (default 224)")
    .addOption(new Option("--json", "print one JSON object (energy_mJ, delay_ms, area_mm2, edap, tops_per_w, tops_per_mm2, breakdown)"))
    .addOption(new Option("--layers", "include the per-op cost list (with --json)"))
    .action(async (options: HwOptions) => {
      const registry = await context.registry();
      // A checkpoint (e.g. from `trex search --out`) is priced by the structure its model re-applies.
      let spec =
        modelRefKind(options.model, { cwd: context.cwd }) === "checkpoint"
          ? (await resolveModel(options.model, { cwd: context.cwd, registry: registry.methods })).model.spec()
          : modelSpec(registry, options.model, options);
      const preset = await resolvePreset(registry, options.preset, context.cwd);
      let params: Record<string, unknown> | undefined;
      if (options.method !== undefined) {
        const method = registry.methods.get(options.method);
        if (!method.transformSpec) {
          throw new CliError(`method "${method.id}" declares no transformSpec, so it has no structural effect to cost; pick a method that does`);
        }
        const values = resolveParams(method.params, options.param ?? []);
        spec = method.transformSpec(spec, values);
        params = { ...values };
      } else if (options.param?.length) {
        throw new CliError("--param needs --method <id>");
      }
      const report = costSpec(spec, preset, { layers: options.layers === true });
      if (options.json) {
        const { model, preset: presetId, ...rest } = report;
        context.stdout.write(`${JSON.stringify({ model, preset: presetId, method: options.method ?? null, params: params ?? null, ...rest }, null, 2)}\n`);
        return;
      }
      const lines = [
        `${report.model} on ${report.preset}${options.method ? ` with ${options.method}` : ""}`,
        `  energy      ${fmt(report.energy_mJ)} mJ`,
        `  delay       ${fmt(report.delay_ms)} ms`,
        `  area        ${fmt(report.area_mm2)} mm²`,
        `  EDAP        ${fmt(report.edap)} mJ·ms·mm²`,
        `  TOPS/W      ${fmt(report.tops_per_w)}`,
        `  TOPS/mm²    ${fmt(report.tops_per_mm2)}`,
        `  throughput  ${fmt(report.throughput_per_s)} inferences/s`,
        "",
        `  ${"category".padEnd(14)}${"energy mJ".padStart(12)}${"delay ms".padStart(12)}${"area mm²".padStart(12)}`,
        ...costCategories.map(
          (c) =>
            `  ${c.padEnd(14)}${fmt(report.breakdown.energy_mJ[c]).padStart(12)}${fmt(report.breakdown.delay_ms[c]).padStart(12)}${fmt(report.breakdown.area_mm2[c]).padStart(12)}`,
        ),
        "",
        `  ${"component".padEnd(14)}${"energy mJ".padStart(12)}${"delay ms".padStart(12)}${"area mm²".padStart(12)}${"EDAP share".padStart(12)}`,
        ...Object.entries(report.breakdown.components).map(
          ([name, c]) =>
            `  ${name.padEnd(14)}${fmt(c.energy_mJ).padStart(12)}${fmt(c.delay_ms).padStart(12)}${fmt(c.area_mm2).padStart(12)}${`${(100 * c.edapShare).toFixed(1)} %`.padStart(12)}`,
        ),
      ];
      context.stdout.write(`${lines.join("\n")}\n`);
    });
}
