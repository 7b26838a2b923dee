import { designPresets, evaluate, evaluateNonideal, loadModelAndData } from "@trex/train";
import type { TransformerModel } from "@trex/models";
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { CliError } from "../errors.js";
import { int } from "../numeric-options.js";
import { paramOption, resolveParams } from "../param-option.js";

interface EvalOptions {
  model: string;
  dataset: string;
  init?: boolean;
  method?: string;
  param?: string[];
  nonideal?: boolean;
  preset: string;
  seeds: string;
  limit?: string;
  batch: string;
  json?: boolean;
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;

export function register(program: Command, context: CliContext): void {
  program
    .command("eval")
    .description("accuracy (and MCC for text) of a model on a dataset's eval split; --nonideal simulates crossbar non-idealities over noise seeds")
    .requiredOption("--model <id|file>", "model id (embedded checkpoint if one exists, else seeded init) or a checkpoint file")
    .requiredOption("--dataset <id|path>", "fmnist (test split), accept (held-out split), or a path (IDX folder, image folder, CoLA .tsv)")
    .option("--init", "use the architecture's seeded init even when an embedded checkpoint exists")
    .option("--method <id>", "apply a method to the model first (see `trex list methods`); no fine-tuning")
    .addOption(paramOption())
    .option("--nonideal", "also evaluate with every static and dynamic product on simulated crossbars")
    .option("--preset <id>", `crossbar design for --nonideal (${Object.keys(designPresets()).join(", ")}; hybrid = FeFET weights + SRAM for QKᵀ and S·V)`, "hybrid")
    .option("--seeds <n>", "noise seeds for --nonideal (seeds 0..n-1)", "5")
    .option("--limit <n>", "evaluate on only the first N examples")
    .option("--batch <n>", "examples per forward pass", "200")
    .option("--json", "print one JSON object (accuracy, mcc for text, nonideal_accuracy {mean, std, seeds, values})")
    .action(async (o: EvalOptions) => {
      const registry = await context.registry();
      const limit = int(o.limit, "--limit");
      const batchSize = int(o.batch, "--batch") ?? 200;
      const seedCount = int(o.seeds, "--seeds") ?? 5;
      if (!o.nonideal && (o.preset !== "hybrid" || o.seeds !== "5")) {
        // Silently ignoring a flag the user gave would report ideal accuracy as if it were what they asked for.
        throw new CliError("--preset and --seeds need --nonideal");
      }
      if (o.nonideal && !designPresets()[o.preset]) {
        throw new CliError(`unknown crossbar preset "${o.preset}"; known: ${Object.keys(designPresets()).join(", ")}`);
      }
      const { resolved, data } = await loadModelAndData(o.model, o.dataset, { split: "eval", limit, cwd: context.cwd, registry: registry.methods, preferInit: o.init });
      let model: TransformerModel = resolved.model;
      let params: Record<string, unknown> | null = null;
      if (o.method !== undefined) {
        const method = registry.methods.get(o.method);
        if (!method.apply) throw new CliError(`method "${method.id}" has no apply(); it cannot transform a model for evaluation`);
        const values = resolveParams(method.params, o.param ?? []);
        model = (await method.apply(model, values)) as TransformerModel;
        params = { ...values };
      } else if (o.param?.length) {
        throw new CliError("--param needs --method <id>");
      }
      if (data.info.source.includes("embedded subset")) context.stderr.write(`note: evaluating on the ${data.info.source}\n`);
      const ideal = evaluate(model, data, { batchSize });
      const text = data.kind === "text";
      const nonideal = o.nonideal
        ? evaluateNonideal(model, data, { preset: o.preset, seeds: Array.from({ length: seedCount }, (_, i) => i), batchSize, progress: context.stderr })
        : null;
      if (o.json) {
        const report = {
          model: o.model,
          model_source: resolved.source,
          dataset: o.dataset,
          dataset_source: data.info.source,
          examples: data.count,
          method: o.method ?? null,
          params,
          accuracy: ideal.accuracy,
          ...(text ? { mcc: ideal.mcc } : {}),
          ...(nonideal
            ? {
                preset: o.preset,
                nonideal_accuracy: { mean: nonideal.mean, std: nonideal.std, seeds: nonideal.seeds, values: nonideal.values },
                ...(text ? { nonideal_mcc: nonideal.mcc } : {}),
              }
            : {}),
        };
        context.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const lines = [
        `${o.model}${o.method ? ` with ${o.method}` : ""} on ${data.info.source}, ${data.count} examples (${resolved.source})`,
        `  accuracy            ${pct(ideal.accuracy)}${text ? `   MCC ${ideal.mcc.toFixed(4)}` : ""}`,
      ];
      if (nonideal) {
        lines.push(`  non-ideal (${o.preset}) ${pct(nonideal.mean)} ± ${pct(nonideal.std)} over ${nonideal.seeds.length} seeds: ${nonideal.values.map(pct).join(", ")}`);
      }
      context.stdout.write(`${lines.join("\n")}\n`);
    });
}
