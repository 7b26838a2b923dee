import type { ModelConfig, TransformerModel } from "@trex/models";
import {
  type CheckpointHeader,
  decodeCheckpoint,
  defaultLossWeights,
  defaultSettings,
  encodeCheckpoint,
  evaluate,
  type LossWeights,
  loadDataset,
  modelFromCheckpoint,
  loadModelAndData,
  readCheckpointFile,
  resolveModel,
  stepsPerEpoch,
  type TaskData,
  type TrainingRecord,
  type TrainSettings,
  type TrainSnapshot,
  type PluginSource,
  type ReplicaSpec,
  train,
  writeFileAtomicSync,
} from "@trex/train";
import type { Command } from "commander";
import { CLI_PACKAGE_DIR, type CliContext } from "../context.js";
import { CliError } from "../errors.js";
import { int, nonNegative } from "../numeric-options.js";

interface TrainOptions {
  model?: string;
  dataset?: string;
  init?: boolean;
  epochs?: string;
  steps?: string;
  batch?: string;
  lr?: string;
  minLr?: string;
  warmup?: string;
  weightDecay?: string;
  clip?: string;
  labelSmoothing?: string;
  distillWeight?: string;
  clsKlWeight?: string;
  tokenLabelWeight?: string;
  tokenSiteWeight?: string;
  augment?: boolean;
  cropPadding?: string;
  ema?: string;
  seed?: string;
  teacher?: string;
  teacherCache?: boolean;
  out?: string;
  resume?: string;
  checkpointEvery?: string;
  limit?: string;
  evalLimit?: string;
  finalEvalLimit?: string;
  evalEvery?: string;
  eval?: boolean;
  json?: boolean;
  workers?: string;
}

/** What a resumable checkpoint keeps besides the settings, so `--resume` needs no other flag. */
interface RunMeta {
  model: string;
  dataset: string;
  limit: number | null;
  teacher: string | null;
  /** Distil from the teacher's logits computed once on the training set (absent in older checkpoints). */
  teacherCache?: boolean;
  out: string;
  evalLimit: number | null;
  finalEvalLimit: number | null;
  eval: boolean;
  evalEvery: number | null;
  checkpointEvery: number;
  command: string;
}

function header(model: TransformerModel, id: string | null, data: TaskData, methods: CheckpointHeader["methods"], extra: Partial<CheckpointHeader>): CheckpointHeader {
  return {
    format: "trex-checkpoint",
    version: 1,
    model: { id, config: model.config as ModelConfig },
    methods,
    ...(data.tokenizer ? { tokenizer: { vocab: [...data.tokenizer.vocab], maxLength: data.tokenizer.maxLength } } : {}),
    ...extra,
  };
}

export function register(program: Command, context: CliContext): void {
  program
    .command("train")
    .description("train or fine-tune a model (AdamW, warmup + cosine, label smoothing, clipping, optional distillation); seeded and resumable")
    .option("--model <id|file>", "model id (embedded checkpoint if one exists, else seeded init) or a checkpoint file")
    .option("--dataset <id|path>", "fmnist, accept, accept-corpus (accept's task: every corpus sentence outside its held-out split, 8 corruptions each, with error sites), or a path (Fashion-MNIST IDX folder, image folder, CoLA .tsv)")
    .option("--init", "start from the architecture's seeded init even when an embedded checkpoint exists")
    .option("--epochs <n>", "epochs (fractions allowed; default 1 unless --steps)")
    .option("--steps <n>", "optimizer steps (overrides --epochs)")
    .option("--batch <n>", "batch size", "64")
    .option("--lr <x>", "peak learning rate (AdamW)", "0.001")
    .option("--min-lr <x>", "final learning rate of the cosine", "0.00001")
    .option("--warmup <n>", "linear warmup steps (default 5 % of the steps, at most 500)")
    .option("--weight-decay <x>", "AdamW decoupled weight decay on weight matrices", "0.05")
    .option("--clip <x>", "global gradient-norm clip (0 = off)", "1")
    .option("--label-smoothing <x>", "label smoothing ε of the CE term", "0.1")
    .option("--distill-weight <x>", "weight of the soft distillation CE (with --teacher; DeiT default 0.1)")
    .option("--cls-kl-weight <x>", "weight of the class-token KL (with --teacher; DeiT default 0.5)")
    .option("--token-label-weight <x>", "weight of the dense token-label loss (with --teacher; LV-ViT default 0.2)")
    .option("--token-site-weight <x>", "text with error sites (accept-corpus): weight of the token-level loss that trains the classifier to flag the damaged words too (default 0 = off)")
    .option("--augment", "images: seeded random crop (zero padding --crop-padding) and horizontal flip")
    .option("--crop-padding <n>", "with --augment: zero padding of the random crop; 0 = horizontal flip only (keeps content on the patch grid; default 2)")
    .option("--ema <decay>", "keep an exponential moving average of the weights (e.g. 0.999); periodic evals report both, the saved model is the average")
    .option("--seed <n>", "seed of the data order, augmentation and training-time randomness", "0")
    .option("--teacher <id|file>", "distil from this model (the unmodified model), run without gradients")
    .option("--teacher-cache", "with --teacher: compute its logits once on the training set (and on mirrored images with flip-only augmentation) and distil from those; soft distillation only (class-token KL and token labels default to 0)")
    .option("--out <file>", "checkpoint file (written atomically, periodically during training, final at the end)")
    .option("--resume <file>", "continue an interrupted run from its checkpoint (bit-identical; other flags are taken from it)")
    .option("--checkpoint-every <n>", "steps between periodic checkpoints (with --out)", "100")
    .option("--limit <n>", "use only the first N training examples")
    .option("--eval-limit <n>", "evaluate on only the first N eval examples (periodic evaluation only; the final one uses the whole eval split unless --final-eval-limit)")
    .option("--final-eval-limit <n>", "final evaluation on only the first N eval examples")
    .option("--eval-every <n>", "also report eval accuracy every N steps (on --eval-limit examples)")
    .option("--no-eval", "skip the final evaluation")
    .option("--workers <n>", "data-parallel threads, main included: each batch splits into n equal shards (batch divisible by n); results are reproducible per n (default 1)")
    .option("--json", "print one JSON object (steps, loss, accuracy, mcc, times, out)")
    .action(async (o: TrainOptions) => {
      const registry = await context.registry();
      const err = context.stderr;
      let meta: RunMeta;
      let settings: TrainSettings;
      let model: TransformerModel;
      let data: TaskData;
      let resume: { record: NonNullable<CheckpointHeader["resume"]>; tensors: Map<string, import("@trex/tensor").Tensor> } | null = null;
      let methods: CheckpointHeader["methods"] = [];
      let modelId: string | null;
      // Training from a trained checkpoint continues its history: the new record keeps the earlier ones.
      let history: TrainingRecord[] = [];
      if (o.resume !== undefined) {
        const ckpt = readCheckpointFile(o.resume);
        const r = ckpt.header.resume;
        const m = (ckpt.header.training as unknown as { run?: RunMeta } | undefined)?.run;
        if (!r || !m) throw new CliError(`${o.resume} is not a resumable checkpoint (it has no optimizer state); fine-tune from it with --model instead`);
        meta = { ...m, out: o.out ?? m.out };
        settings = r.options as unknown as TrainSettings;
        const w = int(o.workers, "--workers");
        if (w !== undefined && w !== (settings.workers ?? 1)) {
          throw new CliError(`${o.resume} was trained with --workers ${settings.workers ?? 1}; resume with that count (or omit --workers) so the run continues identically`);
        }
        data = loadDataset(meta.dataset, { split: "train", limit: meta.limit ?? undefined, cwd: context.cwd, vocab: ckpt.header.tokenizer?.vocab });
        model = await modelFromCheckpoint(ckpt, registry.methods, o.resume);
        methods = ckpt.header.methods;
        modelId = ckpt.header.model.id;
        history = [...(ckpt.header.training?.history ?? [])];
        resume = { record: r, tensors: ckpt.tensors };
        err.write(`resuming ${o.resume} at step ${r.step}/${settings.steps}\n`);
      } else {
        if (!o.model || !o.dataset) throw new CliError("train needs --model <id|file> and --dataset <id|path> (or --resume <file>)");
        const limit = int(o.limit, "--limit");
        const { resolved, data: d } = await loadModelAndData(o.model, o.dataset, {
          split: "train",
          limit,
          cwd: context.cwd,
          registry: registry.methods,
          preferInit: o.init,
        });
        data = d;
        model = resolved.model;
        methods = resolved.header?.methods ?? [];
        const prev = resolved.header?.training;
        if (prev) history = [...(prev.history ?? []), { ...prev, history: undefined }];
        modelId = resolved.header ? resolved.header.model.id : o.model;
        const batchSize = int(o.batch, "--batch") ?? 64;
        const epochs = nonNegative(o.epochs, "--epochs");
        const steps = int(o.steps, "--steps") ?? Math.max(2, Math.round((epochs ?? 1) * stepsPerEpoch(data.count, batchSize)));
        if (o.teacherCache && !o.teacher) throw new CliError("--teacher-cache needs --teacher <id|file> (the model whose logits to cache)");
        // A cached teacher gives logits only: its default loss is the soft distillation CE alone.
        const base = { ...defaultLossWeights(model.family), ...(o.teacherCache ? { clsKl: 0, tokenLabel: 0 } : {}) };
        const loss: LossWeights = {
          labelSmoothing: nonNegative(o.labelSmoothing, "--label-smoothing") ?? base.labelSmoothing,
          distill: nonNegative(o.distillWeight, "--distill-weight") ?? base.distill,
          clsKl: nonNegative(o.clsKlWeight, "--cls-kl-weight") ?? base.clsKl,
          tokenLabel: nonNegative(o.tokenLabelWeight, "--token-label-weight") ?? base.tokenLabel,
          ...(o.tokenSiteWeight !== undefined ? { tokenSite: nonNegative(o.tokenSiteWeight, "--token-site-weight") } : {}),
        };
        if (o.cropPadding !== undefined && o.augment !== true) throw new CliError("--crop-padding only applies with --augment; add --augment (with --crop-padding 0 for flip only)");
        settings = defaultSettings(model, steps, {
          seed: int(o.seed, "--seed", 0) ?? 0,
          batchSize,
          lr: nonNegative(o.lr, "--lr"),
          minLr: nonNegative(o.minLr, "--min-lr"),
          ...(o.warmup !== undefined ? { warmupSteps: int(o.warmup, "--warmup", 0) } : {}),
          weightDecay: nonNegative(o.weightDecay, "--weight-decay"),
          clipNorm: nonNegative(o.clip, "--clip"),
          loss,
          augment: o.augment === true,
          cropPadding: int(o.cropPadding, "--crop-padding", 0) ?? 2,
          ...(o.ema !== undefined ? { emaDecay: emaDecay(o.ema) } : {}),
          workers: int(o.workers, "--workers") ?? 1,
        } as Partial<TrainSettings>);
        if ((loss.tokenSite ?? 0) > 0) {
          if (model.family !== "bert") throw new CliError(`--token-site-weight needs a BERT model (per-token logits); ${modelId} is a ${model.family} model`);
          if (!data.hasTokenTargets) {
            throw new CliError(`--token-site-weight needs a dataset with error sites; ${o.dataset} has none (use --dataset accept-corpus)`);
          }
        }
        meta = {
          model: o.model,
          dataset: o.dataset,
          limit: limit ?? null,
          teacher: o.teacher ?? null,
          ...(o.teacherCache ? { teacherCache: true } : {}),
          out: o.out ?? "",
          evalLimit: int(o.evalLimit, "--eval-limit") ?? null,
          finalEvalLimit: int(o.finalEvalLimit, "--final-eval-limit") ?? null,
          eval: o.eval !== false,
          evalEvery: int(o.evalEvery, "--eval-every") ?? null,
          checkpointEvery: int(o.checkpointEvery, "--checkpoint-every") ?? 100,
          command: `trex train ${process.argv.slice(3).join(" ")}`.trim(),
        };
      }
      const teacherResolved = meta.teacher ? await resolveModel(meta.teacher, { cwd: context.cwd, registry: registry.methods }) : null;
      const teacher = teacherResolved?.model ?? null;
      // Workers rebuild the registry from the same plugin lists this context loaded, and the data by reference.
      const plugins: PluginSource[] = [
        ...(await context.pluginConfigs()).map((c) => ({ specifiers: c.plugins, baseDir: c.baseDir, resolveFrom: [CLI_PACKAGE_DIR] })),
        { specifiers: context.extraPlugins, baseDir: context.cwd, resolveFrom: [CLI_PACKAGE_DIR] },
      ];
      const replicas: ReplicaSpec = {
        methods,
        teacherMethods: teacherResolved?.header?.methods ?? [],
        dataset: { ref: meta.dataset, options: { split: "train", limit: meta.limit ?? undefined, cwd: context.cwd, vocab: data.tokenizer?.vocab } },
        plugins,
      };
      err.write(
        `training ${modelId ?? "model"} on ${data.info.source} (${data.count} examples): ${settings.steps} steps of ${settings.batchSize}, ` +
          `lr ${settings.lr}, seed ${settings.seed}${teacher ? `, teacher ${meta.teacher}` : ""}${(settings.workers ?? 1) > 1 ? `, ${settings.workers} workers` : ""}\n`,
      );
      const evalSet = (limit: number | null) =>
        loadDataset(meta.dataset, { split: "eval", limit: limit ?? undefined, cwd: context.cwd, vocab: data.tokenizer?.vocab });
      const periodicEval = meta.evalEvery ? evalSet(meta.evalLimit) : null;
      const partial = (wall: number, cpu: number, steps: number): TrainingRecord & { run: RunMeta } => ({
        command: meta.command,
        seed: settings.seed,
        dataset: meta.dataset,
        steps,
        epochs: steps / stepsPerEpoch(data.count, settings.batchSize),
        batchSize: settings.batchSize,
        accuracy: null,
        mcc: null,
        evalExamples: null,
        wallSeconds: wall,
        cpuSeconds: cpu,
        finishedAt: new Date().toISOString(),
        teacher: meta.teacher,
        ...(history.length ? { history } : {}),
        run: meta,
      });
      const onCheckpoint = meta.out
        ? (s: TrainSnapshot) => {
            if (s.step >= settings.steps) return; // the final file is written below, with its evaluation
            const h = header(model, modelId, data, methods, { training: partial(s.resume.wallSeconds, s.resume.cpuSeconds, s.step), resume: s.resume });
            writeFileAtomicSync(meta.out, encodeCheckpoint(h, s.tensors));
            err.write(`  checkpoint ${meta.out} at step ${s.step}\n`);
          }
        : undefined;
      const result = await train(model, data, settings, {
        teacher,
        cacheTeacher: meta.teacherCache === true,
        resume,
        progress: err,
        checkpointEvery: meta.checkpointEvery,
        onCheckpoint,
        evalData: periodicEval,
        evalEvery: meta.evalEvery ?? undefined,
        replicas,
      });
      const ev = meta.eval ? evaluate(model, evalSet(meta.finalEvalLimit)) : null;
      const record: TrainingRecord = {
        ...partial(result.wallSeconds, result.cpuSeconds, result.steps),
        accuracy: ev ? ev.accuracy : null,
        mcc: ev && data.kind === "text" ? ev.mcc : null,
        evalExamples: ev ? ev.count : null,
      };
      if (meta.out) {
        const { run: _run, ...clean } = record as TrainingRecord & { run?: RunMeta };
        const h = header(model, modelId, data, methods, { training: clean });
        writeFileAtomicSync(meta.out, encodeCheckpoint(h, model.stateEntries(false)));
        // Read back what was written: a file that does not decode must not pass silently.
        decodeCheckpoint(encodeCheckpoint(h, model.stateEntries(false)), meta.out);
      }
      const report = {
        model: modelId,
        dataset: meta.dataset,
        dataset_source: data.info.source,
        train_examples: data.count,
        steps: result.steps,
        epochs: result.epochs,
        batch: settings.batchSize,
        seed: settings.seed,
        workers: settings.workers ?? 1,
        final_loss: result.finalLoss,
        accuracy: record.accuracy,
        ...(data.kind === "text" ? { mcc: record.mcc } : {}),
        eval_examples: record.evalExamples,
        wall_seconds: result.wallSeconds,
        ...(result.teacherTableSeconds !== undefined ? { teacher_table_seconds: result.teacherTableSeconds } : {}),
        cpu_seconds: result.cpuSeconds,
        out: meta.out || null,
      };
      if (o.json) {
        context.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const pct = (x: number | null) => (x === null ? "not evaluated" : `${(100 * x).toFixed(2)} %`);
      context.stdout.write(
        `trained ${report.model} for ${report.steps} steps (${report.epochs.toFixed(2)} epochs) in ${report.wall_seconds.toFixed(0)} s wall, ${report.cpu_seconds.toFixed(0)} s CPU; ` +
          `final loss ${report.final_loss.toFixed(4)}; accuracy ${pct(report.accuracy)}${data.kind === "text" && record.mcc !== null ? `, MCC ${record.mcc.toFixed(4)}` : ""}` +
          `${ev ? ` on ${ev.count} examples` : ""}${meta.out ? `; wrote ${meta.out}` : ""}\n`,
      );
    });
}

function emaDecay(value: string): number {
  const d = nonNegative(value, "--ema");
  if (d === undefined || !(d > 0 && d < 1)) throw new CliError(`--ema must be a decay in (0, 1), e.g. 0.999; got "${value}"`);
  return d;
}
