import { resolve } from "node:path";
import { listPresets } from "@trex/hw";
import { loadSearchInputs, parseNoiseDesign, parseSearchBudget, resolveHwPreset, type SearchResult, searchTrex, TREX_PARAMS } from "@trex/method-trex";
import type { ModelConfig } from "@trex/models";
import { type CheckpointHeader, designPresets, encodeCheckpoint, evaluate, loadDataset } from "@trex/train";
import { type Command, Option } from "commander";
import type { CliContext } from "../context.js";
import { CliError } from "../errors.js";
import { int, positive } from "../numeric-options.js";
import { writeFileAtomic } from "../output-file.js";

interface SearchOptions {
  model: string;
  dataset: string;
  delayTarget: string;
  preset: string;
  budget?: string;
  mode: string;
  seed: string;
  out?: string;
  json?: boolean;
  init?: boolean;
  limit?: string;
  chain: string;
  tbInit?: string;
  finalSteps?: string;
  finalEpochs?: string;
  lr?: string;
  noise?: string;
  batch: string;
  eval?: boolean;
  evalLimit?: string;
}

const fmt = (x: number) => (x === 0 ? "0" : Math.abs(x) >= 0.01 && Math.abs(x) < 1e5 ? x.toFixed(4) : x.toExponential(3));
const pct = (x: number) => `${(100 * x).toFixed(2)} %`;

function textReport(r: SearchResult, o: SearchOptions, acc: { before: number; after: number; count: number } | null): string {
  const h = r.hardware;
  const rows: [string, keyof typeof h.baseline, string, number][] = [
    ["energy mJ", "energy_mJ", "× lower", h.ratios.energyReduction],
    ["delay ms", "delay_ms", "× lower", h.ratios.delayReduction],
    ["area mm²", "area_mm2", "× lower", h.ratios.areaReduction],
    ["EDAP", "edap", "× lower", h.ratios.edapReduction],
    ["TOPS/W", "tops_per_w", "× higher", h.ratios.topsPerWGain],
    ["TOPS/mm²", "tops_per_mm2", "× higher", h.ratios.topsPerMm2Gain],
  ];
  const width = Math.max(...r.candidates.map((c) => c.pattern.label.length));
  return [
    `trex search: ${o.model} on ${h.preset}, delay target ${r.targetMs} ms, mode ${r.mode}`,
    `N_reuse = ${r.reuseCount} (best delay per count: ${r.bestDelayByCount.map((b) => `${b.count}: ${fmt(b.delay_ms)}`).join(", ")} ms)`,
    `candidates (${r.candidates.length}, ${r.mode === "train" ? "final partial-training loss" : "held-out distillation loss"}):`,
    ...r.candidates.map(
      (c) => `${c === r.chosen ? "*" : " "} ${c.pattern.label.padEnd(width)}  [${c.pattern.encoders.join(",")}]  delay ${fmt(c.delay_ms)} ms  loss ${c.loss.toFixed(5)}`,
    ),
    `chosen: --method trex --param reuse=${r.params.reuse.join(",")} --param chain=${r.params.chain}`,
    ...(r.finalLoss !== null ? [`fine-tuned${r.noise ? ` with ${r.noise.static}/${r.noise.dynamic} noise` : ""}: final loss ${r.finalLoss.toFixed(5)}`] : []),
    "",
    `  ${"".padEnd(10)}${"baseline".padStart(12)}${"trex".padStart(12)}   ratio`,
    ...rows.map(([name, key, word, ratio]) => `  ${name.padEnd(10)}${fmt(h.baseline[key]).padStart(12)}${fmt(h.reused[key]).padStart(12)}   ${ratio.toFixed(3)}${word}`),
    ...(acc ? ["", `ideal accuracy on ${acc.count} eval examples: before ${pct(acc.before)}, after ${pct(acc.after)}`] : []),
  ].join("\n");
}

/**
 * The winner's fine-tune. train mode: always (default one epoch). closed-form mode: only when asked for
 * with --final-steps or --final-epochs, starting from the fitted TBs.
 */
function finalBudget(o: SearchOptions): { steps?: number; epochs?: number; learningRate?: number } | undefined {
  const steps = int(o.finalSteps, "--final-steps", 2);
  const epochs = positive(o.finalEpochs, "--final-epochs");
  if (steps !== undefined && epochs !== undefined) throw new CliError("give --final-steps or --final-epochs, not both");
  const learningRate = positive(o.lr, "--lr");
  if (o.mode === "closed-form" && steps === undefined && epochs === undefined) {
    if (learningRate !== undefined || o.noise !== undefined) throw new CliError("--lr and --noise set the final fine-tune: in closed-form mode add --final-steps or --final-epochs");
    return undefined;
  }
  return { steps, epochs, learningRate };
}

export function register(program: Command, context: CliContext): void {
  program
    .command("search")
    .description("TReX search: the fewest reusing encoders that meet a delay target, the best uniform reuse pattern, and the fitted or fine-tuned model")
    .requiredOption("--model <id|file>", "the unmodified model: id (embedded checkpoint if one exists, else seeded init) or a checkpoint file")
    .requiredOption("--dataset <id|path>", "training data for calibration / fine-tuning (fmnist, accept, or a path)")
    .requiredOption("--delay-target <ms>", "largest acceptable delay per inference, in ms, on --preset")
    .option("--preset <id|file>", `hardware preset (${listPresets().join(", ")}, a registered one, or a preset .json file)`, "fefet-32nm")
    .option("--budget <fraction|count>", "train: each candidate's data fraction (default 0.2, one epoch) or steps; closed-form: calibration fraction or examples (default 256)")
    .addOption(new Option("--mode <mode>", "closed-form (training-free TB fit) or train (partial training, then variation-aware fine-tune)").choices(["closed-form", "train"]).default("closed-form"))
    .option("--seed <n>", "seed of every draw (data subsets, order, noise)", "0")
    .option("--out <file>", "save the chosen model as a checkpoint (methods [{ id: \"trex\", params }]) for eval, hw and export")
    .option("--init", "start from the architecture's seeded init even when an embedded checkpoint exists")
    .option("--limit <n>", "use only the first N training examples")
    .addOption(new Option("--chain <chain>", "source of chained reusing encoders").choices([...TREX_PARAMS.chain.values]).default("nearest-computed"))
    .addOption(new Option("--tb-init <init>", "TB init before training (train mode; closed-form fits it)").choices([...TREX_PARAMS.tbInit.values]))
    .option("--final-steps <n>", "steps of the winner's (variation-aware) distillation fine-tune; train mode default: one epoch; closed-form: none unless given")
    .option("--final-epochs <x>", "epochs of the winner's fine-tune (instead of --final-steps)")
    .option("--lr <x>", "peak learning rate of the final fine-tune (default 2e-4)")
    .option("--noise <design>", `noise of the final fine-tune (${Object.keys(designPresets()).join(", ")}, none; default: the preset's devices)`)
    .option("--batch <n>", "batch size (training and calibration)", "64")
    .option("--eval", "also report ideal accuracy before and after on the dataset's eval split")
    .option("--eval-limit <n>", "with --eval: only the first N eval examples")
    .option("--json", "print one JSON object")
    .action(async (o: SearchOptions) => {
      const registry = await context.registry();
      const target = positive(o.delayTarget, "--delay-target")!;
      const preset = await resolveHwPreset(registry, o.preset, context.cwd);
      const seed = int(o.seed, "--seed", 0) ?? 0;
      const batchSize = int(o.batch, "--batch") ?? 64;
      const limit = int(o.limit, "--limit");
      const { resolved, data } = await loadSearchInputs(o.model, o.dataset, { cwd: context.cwd, registry, limit, init: o.init });
      if (data.info.source.includes("embedded subset")) context.stderr.write(`note: training data is the ${data.info.source}\n`);
      const teacher = resolved.model;
      const started = performance.now();
      const cpu0 = process.cpuUsage();
      const result = await searchTrex({
        teacher,
        data,
        preset,
        delayTargetMs: target,
        seed,
        mode: o.mode as "closed-form" | "train",
        chain: o.chain as "nearest-computed" | "previous",
        tbInit: o.tbInit as "small" | "identity" | undefined,
        budget: parseSearchBudget(o.budget),
        finalBudget: finalBudget(o),
        noise: parseNoiseDesign(o.noise),
        batchSize,
        progress: o.json ? null : context.stderr,
      });
      const wallSeconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpu0);
      let acc: { before: number; after: number; count: number } | null = null;
      if (o.eval) {
        const evalData = loadDataset(o.dataset, { split: "eval", limit: int(o.evalLimit, "--eval-limit"), cwd: context.cwd, vocab: data.tokenizer?.vocab });
        const before = evaluate(teacher, evalData, { batchSize: 200 });
        const after = evaluate(result.model, evalData, { batchSize: 200 });
        acc = { before: before.accuracy, after: after.accuracy, count: evalData.count };
      }
      if (o.out) {
        const header: CheckpointHeader = {
          format: "trex-checkpoint",
          version: 1,
          model: { id: resolved.header ? resolved.header.model.id : o.model, config: teacher.config as ModelConfig },
          methods: [...(resolved.header?.methods ?? []), { id: "trex", params: { ...result.params, reuse: [...result.params.reuse] } }],
          ...(resolved.header?.tokenizer ? { tokenizer: resolved.header.tokenizer } : data.tokenizer ? { tokenizer: { vocab: [...data.tokenizer.vocab], maxLength: data.tokenizer.maxLength } } : {}),
          training: {
            command: `trex search ${process.argv.slice(3).join(" ")}`.trim(),
            seed,
            dataset: o.dataset,
            steps: 0,
            epochs: 0,
            batchSize,
            accuracy: acc ? acc.after : null,
            mcc: null,
            evalExamples: acc ? acc.count : null,
            wallSeconds,
            cpuSeconds: (cpu.user + cpu.system) / 1e6,
            finishedAt: new Date().toISOString(),
            teacher: o.model,
          },
        };
        await writeFileAtomic(resolve(context.cwd, o.out), encodeCheckpoint(header, result.model.stateEntries(false)));
      }
      if (o.json) {
        context.stdout.write(
          `${JSON.stringify(
            {
              model: o.model,
              model_source: resolved.source,
              dataset: o.dataset,
              preset: preset.id,
              mode: result.mode,
              delay_target_ms: result.targetMs,
              reuse_count: result.reuseCount,
              best_delay_by_count: result.bestDelayByCount,
              chosen: { label: result.chosen.pattern.label, encoders: result.chosen.pattern.encoders, delay_ms: result.chosen.delay_ms, loss: result.chosen.loss },
              method: { id: "trex", params: result.params },
              candidates: result.candidates.map((c) => ({ label: c.pattern.label, family: c.pattern.family, encoders: c.pattern.encoders, delay_ms: c.delay_ms, loss: c.loss })),
              final_loss: result.finalLoss,
              noise: result.noise,
              fits: result.fits,
              hardware: result.hardware,
              accuracy: acc,
              wall_seconds: wallSeconds,
              out: o.out ? resolve(context.cwd, o.out) : null,
            },
            null,
            2,
          )}\n`,
        );
        return;
      }
      context.stdout.write(`${textReport(result, o, acc)}${o.out ? `\nsaved ${resolve(context.cwd, o.out)}` : ""}\n`);
    });
}
