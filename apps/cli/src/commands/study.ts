import { constants } from "node:fs";
import { access, mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { listPresets } from "@trex/hw";
import {
  designIdOf,
  EDAP_MATCHES,
  type EdapMatch,
  loadSearchInputs,
  noiseDesignFor,
  parseNoiseDesign,
  parseSearchBudget,
  resolveHwPreset,
  runStudy,
  type StudyModel,
  studyMarkdown,
  TREX_PARAMS,
} from "@trex/method-trex";
import { designPresets, loadDataset } from "@trex/train";
import { type Command, Option } from "commander";
import type { CliContext } from "../context.js";
import { CliError, OutputFileError } from "../errors.js";
import { int, positive } from "../numeric-options.js";
import { withAtomicOutput, writeFileAtomic } from "../output-file.js";

interface StudyOptions {
  models: string;
  datasets?: string;
  edapRatios: string;
  edapMatch: string;
  preset: string;
  mode: string;
  budget?: string;
  finalSteps?: string;
  finalEpochs?: string;
  lr?: string;
  noise?: string;
  chain: string;
  tbInit?: string;
  batch: string;
  limit?: string;
  evalLimit?: string;
  nonidealSeeds: string;
  nonidealLimit: string;
  nonidealDesign?: string;
  seed: string;
  init?: boolean;
  out: string;
  markdown?: string;
  json?: boolean;
}

function list(value: string, flag: string): string[] {
  const items = value.split(",").map((s) => s.trim());
  if (items.some((s) => s === "")) throw new CliError(`${flag} must be a comma-separated list without empty items, got "${value}"`);
  return items;
}

/** A shell-pasteable command line: arguments with spaces or quotes are single-quoted. */
function commandLine(args: readonly string[]): string {
  return ["trex", ...args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`))].join(" ");
}

/**
 * Writes the outputs only once the whole study is done, each through a temp file renamed into place; the
 * Markdown is renamed only after the JSON's temp file was written, so an error leaves no half-written file.
 */
async function writeOutputs(json: { path: string; text: string }, markdown: { path: string; text: string } | null): Promise<void> {
  await withAtomicOutput(json.path, async (temp) => {
    await writeFile(temp, json.text).catch((error: Error) => {
      throw new OutputFileError(`Cannot write ${json.path}: ${error.message}`);
    });
    if (markdown) await writeFileAtomic(markdown.path, markdown.text);
  });
}

/** Fail before hours of work, not after, when an output's directory cannot be written. */
async function checkWritable(path: string): Promise<void> {
  const dir = dirname(path);
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    throw new OutputFileError(`Cannot write into ${dir} (for ${path}): ${(error as Error).message}; choose another --out/--markdown path`);
  }
}

export function register(program: Command, context: CliContext): void {
  program
    .command("study")
    .description("the TReX study: for each model and requested EDAP reduction, the delay target, the search, and ideal and non-ideal accuracy, as JSON and Markdown")
    .requiredOption("--models <ids>", "comma-separated model ids or checkpoint files (e.g. deit-fmnist,lvvit-fmnist,bert-accept)")
    .option("--datasets <ids>", "comma-separated datasets, one per model (default: each checkpoint's training dataset)")
    .requiredOption("--edap-ratios <list>", "requested EDAP reductions, × lower than the unmodified model (e.g. 1.6,2.3,3.5)")
    .addOption(
      new Option("--edap-match <rule>", "at-least: fewest reusing encoders reaching the ratio; nearest: the count whose ratio is nearest (log scale)")
        .choices([...EDAP_MATCHES])
        .default("at-least"),
    )
    .option("--preset <id|file>", `hardware preset (${listPresets().join(", ")}, a registered one, or a preset .json file)`, "fefet-32nm")
    .addOption(new Option("--mode <mode>", "search mode (as trex search)").choices(["closed-form", "train"]).default("closed-form"))
    .option("--budget <fraction|count>", "search budget per candidate (as trex search)")
    .option("--final-steps <n>", "steps of the winner's distillation fine-tune (closed-form: from the fitted TBs; none unless given)")
    .option("--final-epochs <x>", "epochs of the winner's fine-tune (instead of --final-steps)")
    .option("--lr <x>", "peak learning rate of the final fine-tune (default 2e-4)")
    .option("--noise <design>", `noise of the final fine-tune (${Object.keys(designPresets()).join(", ")}, none; default: the preset's devices)`)
    .addOption(new Option("--chain <chain>", "source of chained reusing encoders").choices([...TREX_PARAMS.chain.values]).default("nearest-computed"))
    .addOption(new Option("--tb-init <init>", "TB init before training (train mode)").choices([...TREX_PARAMS.tbInit.values]))
    .option("--batch <n>", "batch size (training and calibration)", "64")
    .option("--limit <n>", "use only the first N training examples")
    .option("--eval-limit <n>", "ideal accuracy on only the first N eval examples (default: all)")
    .option("--nonideal-seeds <n>", "noise seeds 0..n-1 of the non-ideal accuracy (0 skips it)", "3")
    .option("--nonideal-limit <n>", "non-ideal accuracy on the first N eval examples", "500")
    .option("--nonideal-design <id>", `crossbar design of the non-ideal accuracy (${Object.keys(designPresets()).join(", ")}; default: the preset's devices)`)
    .option("--seed <n>", "seed of every search draw (data subsets, order, noise)", "0")
    .option("--init", "start from the architectures' seeded init even when an embedded checkpoint exists")
    .requiredOption("--out <file>", "the study as JSON (every number, the command line, the seeds)")
    .option("--markdown <file>", "also write the table as Markdown")
    .option("--json", "print the JSON on stdout too")
    .action(async (o: StudyOptions, command: Command) => {
      const registry = await context.registry();
      const ids = list(o.models, "--models");
      const datasets = o.datasets === undefined ? null : list(o.datasets, "--datasets");
      if (datasets && datasets.length !== ids.length) throw new CliError(`--datasets has ${datasets.length} item(s) but --models has ${ids.length}: give one dataset per model`);
      const ratios = list(o.edapRatios, "--edap-ratios").map((r) => positive(r, "--edap-ratios")!);
      const preset = await resolveHwPreset(registry, o.preset, context.cwd);
      const seed = int(o.seed, "--seed", 0) ?? 0;
      const batchSize = int(o.batch, "--batch") ?? 64;
      const seedCount = int(o.nonidealSeeds, "--nonideal-seeds", 0) ?? 3;
      const nonidealLimit = int(o.nonidealLimit, "--nonideal-limit") ?? 500;
      const steps = int(o.finalSteps, "--final-steps", 2);
      const epochs = positive(o.finalEpochs, "--final-epochs");
      if (steps !== undefined && epochs !== undefined) throw new CliError("give --final-steps or --final-epochs, not both");
      const learningRate = positive(o.lr, "--lr");
      const fineTunes = o.mode === "train" || steps !== undefined || epochs !== undefined;
      if (!fineTunes && (learningRate !== undefined || o.noise !== undefined)) {
        throw new CliError("--lr and --noise set the final fine-tune: in closed-form mode add --final-steps or --final-epochs");
      }
      let design: string | null = null;
      if (seedCount > 0) {
        design = o.nonidealDesign ?? designIdOf(noiseDesignFor(preset));
        if (!design || !designPresets()[design]) throw new CliError(`unknown --nonideal-design "${design}"; known: ${Object.keys(designPresets()).join(", ")}`);
      }
      const args = (command.parent as { rawArgs?: string[] } | null)?.rawArgs ?? process.argv.slice(2);
      const outPath = resolve(context.cwd, o.out);
      const markdownPath = o.markdown ? resolve(context.cwd, o.markdown) : null;
      if (markdownPath === outPath) throw new CliError("--markdown and --out name the same file: give two paths");
      for (const p of [outPath, markdownPath]) if (p) await checkWritable(p);

      const models: StudyModel[] = [];
      for (const [k, id] of ids.entries()) {
        const { resolved, dataset, data } = await loadSearchInputs(id, datasets?.[k], { cwd: context.cwd, registry, limit: int(o.limit, "--limit"), init: o.init });
        const vocab = data.tokenizer?.vocab;
        const evalData = loadDataset(dataset, { split: "eval", limit: int(o.evalLimit, "--eval-limit"), cwd: context.cwd, vocab });
        const nonidealEval = evalData.count > nonidealLimit ? evalData.take(nonidealLimit) : evalData;
        const t = resolved.header?.training;
        const checkpoint = t ? { accuracy: t.accuracy, evalExamples: t.evalExamples, steps: t.steps, finishedAt: t.finishedAt ?? null } : null;
        models.push({ id, source: resolved.source, dataset, checkpoint, teacher: resolved.model, train: data, eval: evalData, nonidealEval });
      }
      const started = performance.now();
      const result = await runStudy({
        models,
        ratios,
        preset,
        match: o.edapMatch as EdapMatch,
        search: {
          seed,
          mode: o.mode as "closed-form" | "train",
          chain: o.chain as "nearest-computed" | "previous",
          tbInit: o.tbInit as "small" | "identity" | undefined,
          budget: parseSearchBudget(o.budget),
          finalBudget: fineTunes ? { steps, epochs, learningRate } : undefined,
          noise: parseNoiseDesign(o.noise),
          batchSize,
        },
        nonideal: design ? { design, seeds: Array.from({ length: seedCount }, (_, i) => i) } : null,
        progress: context.stderr,
      });
      const cmd = commandLine(args);
      const report = {
        format: "trex-study",
        version: 1,
        command: cmd,
        argv: [...args],
        seeds: { search: seed, nonideal: design ? Array.from({ length: seedCount }, (_, i) => i) : [] },
        settings: {
          preset: preset.id,
          match: result.match,
          mode: o.mode,
          budget: o.budget ?? null,
          final: fineTunes ? { steps: steps ?? null, epochs: epochs ?? null, lr: learningRate ?? null, noise: o.noise ?? null } : null,
          chain: o.chain,
          batch: batchSize,
          trainLimit: int(o.limit, "--limit") ?? null,
          evalLimit: int(o.evalLimit, "--eval-limit") ?? null,
          nonideal: design ? { design, seeds: seedCount, limit: nonidealLimit } : null,
        },
        wallSeconds: (performance.now() - started) / 1000,
        ...result,
      };
      const json = `${JSON.stringify(report, null, 2)}\n`;
      await writeOutputs({ path: outPath, text: json }, markdownPath ? { path: markdownPath, text: studyMarkdown(result, cmd) } : null);
      if (o.json) context.stdout.write(json);
      else context.stdout.write(`${studyMarkdown(result)}\nsaved ${outPath}${markdownPath ? ` and ${markdownPath}` : ""}\n`);
    });
}
