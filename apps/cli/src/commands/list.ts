import { describeParams, formatParamsHelp, type TrexRegistry } from "@trex/registry";
import { Argument, type Command, Option } from "commander";
import type { CliContext } from "../context.js";

const SECTIONS = ["methods", "models", "datasets", "hardware-presets", "plugins"] as const;
type Section = (typeof SECTIONS)[number];

/** The registry's contents as plain JSON (the `trex list --json` format). */
export function registrySummary(registry: TrexRegistry, configFiles: readonly string[]) {
  return {
    configFiles,
    methods: registry.methods.entries().map(({ item, source }) => ({
      id: item.id,
      kind: item.kind,
      description: item.description,
      apiVersion: item.apiVersion,
      source,
      params: describeParams(item.params),
      capabilities: (["transformSpec", "apply", "finetune"] as const).filter((name) => item[name] !== undefined),
    })),
    models: registry.models.entries().map(({ item, source }) => ({
      id: item.id,
      description: item.description,
      task: item.task,
      source,
    })),
    datasets: registry.datasets.entries().map(({ item, source }) => ({
      id: item.id,
      description: item.description,
      task: item.task,
      source,
    })),
    hardwarePresets: registry.hardwarePresets.entries().map(({ item, source }) => ({
      id: item.id,
      description: item.description,
      source,
    })),
    plugins: registry.plugins.list().map((plugin) => ({ ...plugin, name: plugin.id })),
  };
}

function formatText(summary: ReturnType<typeof registrySummary>, registry: TrexRegistry, only?: Section): string {
  const lines: string[] = [];
  const section = (key: Section, title: string, rows: string[][], extra?: (i: number) => string | undefined) => {
    if (only && only !== key) return;
    lines.push(`${title} (${rows.length})`);
    if (rows.length === 0) lines.push("  (none)");
    const width = Math.max(0, ...rows.map((row) => row[0].length));
    rows.forEach((row, i) => {
      lines.push(`  ${row[0].padEnd(width)}  ${row.slice(1).filter(Boolean).join("  ")}`.trimEnd());
      const more = extra?.(i);
      if (more) lines.push(more);
    });
    lines.push("");
  };
  const methods = registry.methods.list();
  section(
    "methods",
    "Methods",
    summary.methods.map((m) => [m.id, `[${m.kind}]`, m.description]),
    (i) => (Object.keys(methods[i].params).length ? formatParamsHelp(methods[i].params, "      ") : undefined),
  );
  section("models", "Models", summary.models.map((m) => [m.id, m.task ? `[${m.task}]` : "", m.description]));
  section("datasets", "Datasets", summary.datasets.map((d) => [d.id, d.task ? `[${d.task}]` : "", d.description]));
  section("hardware-presets", "Hardware presets", summary.hardwarePresets.map((h) => [h.id, h.description]));
  section(
    "plugins",
    "Plugins",
    summary.plugins.map((p) => [p.id, `API ${p.apiVersion}`, p.source ? `from ${p.source}` : ""]),
  );
  if (!only) {
    lines.push(
      summary.configFiles.length
        ? `Configuration: ${summary.configFiles.join(", ")}`
        : "Configuration: none found (add a trex.config.json with {\"plugins\": [...]})",
    );
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

export function register(program: Command, context: CliContext): void {
  program
    .command("list")
    .description("list the registered methods (with their parameters), models, datasets and hardware presets")
    .addArgument(new Argument("[section]", "show only this section").choices(SECTIONS))
    .addOption(new Option("--json", "print machine-readable JSON"))
    .action(async (only: Section | undefined, options: { json?: boolean }) => {
      const registry = await context.registry();
      const configs = await context.pluginConfigs();
      const summary = registrySummary(
        registry,
        configs.map((config) => config.file),
      );
      if (options.json) {
        const key = only === "hardware-presets" ? "hardwarePresets" : only;
        context.stdout.write(`${JSON.stringify(key ? summary[key] : summary, null, 2)}\n`);
      } else {
        context.stdout.write(formatText(summary, registry, only));
      }
    });
}
