import { DataLoader, mixSeeds } from "@trex/data";
import type { TransformerModel } from "@trex/models";
import { AdamW, clipGradNorm, type Parameter, type ParamGroup, Tensor, warmupCosine } from "@trex/tensor";
import type { ResumeRecord } from "./checkpoint.js";
import { DataParallel } from "./data-parallel.js";
import { checkLossWeights, defaultLossWeights, type LossWeights } from "./distillation.js";
import { TrainOptionError } from "./errors.js";
import { evaluate } from "./evaluate.js";
import { exportAdamW, importAdamW } from "./optimizer-state.js";
import { eta, formatDuration, type ProgressSink } from "./progress.js";
import type { ReplicaSpec } from "./replica-spec.js";
import { plainTerms, shardBackward } from "./shard-step.js";
import type { TaskData } from "./task-data.js";
import { TEACHER_TABLE_TENSOR, TeacherTable } from "./teacher-table.js";

/** Everything that decides the result of a run (stored in resumable checkpoints). */
export interface TrainSettings {
  readonly seed: number;
  readonly batchSize: number;
  /** Total optimizer steps (the CLI derives it from --epochs when --steps is not given). */
  readonly steps: number;
  /** Peak learning rate (AdamW), reached after warmupSteps, then cosine decay to minLr. */
  readonly lr: number;
  readonly minLr: number;
  readonly warmupSteps: number;
  /** Decoupled weight decay on matrices; biases, norms, tokens and position embeddings get none. */
  readonly weightDecay: number;
  /** Global gradient-norm clip (0 = off). */
  readonly clipNorm: number;
  readonly loss: LossWeights;
  /** Images: seeded random crop (padding `cropPadding`) + horizontal flip. */
  readonly augment: boolean;
  /**
   * Zero padding of the augmentation's random crop (absent = 2, what runs before this field recorded;
   * 0 = horizontal flip only, which keeps content on the patch grid).
   */
  readonly cropPadding?: number;
  /**
   * Data-parallel worker threads, main thread included (absent = 1). Each batch splits into this many
   * equal shards; 1 keeps everything on the main thread. Results depend on it (shard seeds, BatchNorm
   * statistics per shard), so it is stored with the settings and a resumed run keeps it.
   */
  readonly workers?: number;
  /**
   * Exponential moving average of the weights (timm's model EMA): after every step ema ← d·ema + (1−d)·w
   * (absent or 0 = off). The periodic evaluation reports both, and the trained model ends with the averaged
   * weights; snapshots keep the average as `optim.ema/<param>` so a resumed run continues it bit-identically.
   */
  readonly emaDecay?: number;
}

/** The default recipe for `steps` steps (everything else overridable). */
export function defaultSettings(model: TransformerModel, steps: number, overrides: Partial<TrainSettings> = {}): TrainSettings {
  const s: TrainSettings = {
    seed: 0,
    batchSize: 64,
    steps,
    lr: 1e-3,
    minLr: 1e-5,
    warmupSteps: Math.max(1, Math.min(500, Math.round(steps * 0.05))),
    weightDecay: 0.05,
    clipNorm: 1,
    loss: defaultLossWeights(model.family),
    augment: false,
    workers: 1,
    ...overrides,
  };
  return s;
}

/** A resumable snapshot handed to onCheckpoint: model tensors + optimizer moments + where the run stands. */
export interface TrainSnapshot {
  readonly step: number;
  readonly tensors: [string, Tensor][];
  readonly resume: ResumeRecord;
}

export interface TrainRunOptions {
  /**
   * The model to distil from (run in eval mode, no gradients), or its logits cached on the training set
   * (TeacherTable: soft distillation only; no random crops).
   */
  readonly teacher?: TransformerModel | TeacherTable | null;
  /**
   * Run the teacher model once at the start, on every training example (and every mirrored one under
   * flip-only augmentation), over all the run's threads, and distil from that TeacherTable: a slow teacher
   * then costs a lookup per step. Soft distillation only (the class-token KL and token-label weights must be 0).
   */
  readonly cacheTeacher?: boolean;
  /** Continue a run: the snapshot's resume record and tensors (optimizer moments). */
  readonly resume?: { record: ResumeRecord; tensors: ReadonlyMap<string, Tensor> } | null;
  /** Call onCheckpoint every this many steps (and at the end). */
  readonly checkpointEvery?: number;
  readonly onCheckpoint?: (s: TrainSnapshot) => void | Promise<void>;
  /** Progress lines with ETA (stderr in the CLI); null = silent. */
  readonly progress?: ProgressSink | null;
  /** Print a progress line every this many steps (default: about every 2 % of the run). */
  readonly logEvery?: number;
  /** Evaluate on this set every evalEvery steps (progress only; does not change training). */
  readonly evalData?: TaskData | null;
  readonly evalEvery?: number;
  /** Required when settings.workers > 1: how each worker rebuilds the model, the teacher and the data. */
  readonly replicas?: ReplicaSpec | null;
}

export interface TrainResult {
  readonly steps: number;
  readonly epochs: number;
  /** Mean total loss over the last min(50, steps) steps of this run. */
  readonly finalLoss: number;
  /** Seconds including earlier runs this one resumed from. */
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  /** With run.cacheTeacher: seconds spent building the teacher table (included in wallSeconds). */
  readonly teacherTableSeconds?: number;
}

export function checkSettings(s: TrainSettings, data: TaskData): void {
  const int = (k: "seed" | "batchSize" | "steps" | "warmupSteps", min: number) => {
    if (!(Number.isSafeInteger(s[k]) && s[k] >= min)) throw new TrainOptionError(`${k} = ${s[k]} must be an integer >= ${min}`);
  };
  int("seed", 0);
  int("batchSize", 1);
  int("steps", 1);
  int("warmupSteps", 0);
  if (s.warmupSteps >= s.steps) throw new TrainOptionError(`warmupSteps (${s.warmupSteps}) must be below steps (${s.steps})`);
  for (const k of ["lr", "minLr", "weightDecay", "clipNorm"] as const) {
    if (!(Number.isFinite(s[k]) && s[k] >= 0)) throw new TrainOptionError(`${k} = ${s[k]} must be a finite number >= 0`);
  }
  if (!(s.lr > 0 && s.minLr <= s.lr)) throw new TrainOptionError(`need lr (${s.lr}) > 0 and minLr (${s.minLr}) <= lr`);
  checkLossWeights(s.loss);
  if ((s.loss.tokenSite ?? 0) > 0 && !data.hasTokenTargets) {
    throw new TrainOptionError(`loss.tokenSite = ${s.loss.tokenSite} needs a dataset with error sites (token targets); ${data.info.id} has none`);
  }
  const w = s.workers ?? 1;
  if (!(Number.isSafeInteger(w) && w >= 1)) throw new TrainOptionError(`workers = ${w} must be an integer >= 1`);
  const d = s.emaDecay ?? 0;
  if (!(Number.isFinite(d) && d >= 0 && d < 1)) throw new TrainOptionError(`emaDecay = ${d} must be in [0, 1) (0 = no weight average)`);
  const cp = s.cropPadding ?? 2;
  if (!(Number.isSafeInteger(cp) && cp >= 0)) throw new TrainOptionError(`cropPadding = ${cp} must be an integer >= 0 (0 = horizontal flip only)`);
  const bs = Math.min(s.batchSize, data.count);
  if (bs % w !== 0) throw new TrainOptionError(`the batch of ${bs} does not split into ${w} equal shards; pick a batch size divisible by workers (${w})`);
  if (data.count < 1) throw new TrainOptionError("the training set is empty; check --dataset and --limit");
}

/** What a table of cached teacher logits can stand for (`table`: one given ready-made). */
function checkTeacherTable(t: TeacherTable | null, data: TaskData, s: TrainSettings): void {
  if (t && t.table.count !== data.count) throw new TrainOptionError(`the teacher table holds ${t.table.count} examples, the training set ${data.count}; build it on this training set`);
  if (s.loss.clsKl > 0 || s.loss.tokenLabel > 0) {
    throw new TrainOptionError("a teacher table gives logits only: set the class-token KL and token-label weights to 0 (--cls-kl-weight 0 --token-label-weight 0)");
  }
  if (s.augment && data.kind === "image") {
    if ((s.cropPadding ?? 2) > 0) throw new TrainOptionError("a teacher table has no logits for random crops: augment with flips only (cropPadding 0, --crop-padding 0) or not at all");
    if (t?.table.orientations === 1) throw new TrainOptionError("flip augmentation needs a teacher table with mirrored logits (TeacherTable.build with mirrored: true)");
  }
}

/** Parameter groups: decay on weight matrices only (biases, norms, cls/dist tokens, position embeddings: none). */
export function decayGroups(model: TransformerModel, weightDecay: number): ParamGroup[] {
  const decay: Parameter[] = [];
  const none: Parameter[] = [];
  for (const [name, p] of model.namedParameters()) {
    (p.shape.length <= 1 || /(^|\.)(cls_token|dist_token|pos_embed|position_embeddings)/.test(name) ? none : decay).push(p);
  }
  return [
    { params: decay, weightDecay },
    { params: none, weightDecay: 0 },
  ];
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Steps per epoch: full batches only (constant batch shape), or one short batch for a tiny set. */
export function stepsPerEpoch(count: number, batchSize: number): number {
  return Math.max(1, Math.floor(count / batchSize));
}

/**
 * Trains `model` in place. Deterministic: the example order depends on (seed, epoch), augmentation on
 * (seed, epoch, batch) and training-time randomness on (seed, step), so the same settings give the same
 * weights, and resuming from a snapshot continues bit-identically. With `settings.workers` N > 1 the
 * batch is split over N threads (see DataParallel; `run.replicas` tells the workers how to rebuild the
 * model and data); the result is then deterministic for that N.
 */
export async function train(model: TransformerModel, data: TaskData, settings: TrainSettings, run: TrainRunOptions = {}): Promise<TrainResult> {
  checkSettings(settings, data);
  const s = settings;
  const named = model.namedParameters();
  const nameOf = new Map(named.map(([n, p]) => [p, n] as const));
  const byName = new Map(named);
  const opt = new AdamW(decayGroups(model, s.weightDecay), { lr: s.lr, weightDecay: s.weightDecay });
  const schedule = warmupCosine({ peakLr: s.lr, warmupSteps: s.warmupSteps, totalSteps: s.steps, minLr: s.minLr });
  const full = data.count >= s.batchSize;
  const loader = new DataLoader({ size: data.count, batchSize: Math.min(s.batchSize, data.count), seed: s.seed, dropLast: full });
  const spe = stepsPerEpoch(data.count, s.batchSize);
  let step = 0;
  let priorWall = 0;
  let priorCpu = 0;
  if (run.resume) {
    step = run.resume.record.step;
    priorWall = run.resume.record.wallSeconds;
    priorCpu = run.resume.record.cpuSeconds;
    importAdamW(opt, run.resume.record.optimizerStep, run.resume.tensors, byName);
  }
  const ema = s.emaDecay ? new WeightAverage(opt.params, nameOf, s.emaDecay, run.resume?.tensors ?? null) : null;
  const startStep = step;
  const t0 = performance.now();
  const c0 = cpuSeconds();
  const wall = () => priorWall + (performance.now() - t0) / 1000;
  const cpu = () => priorCpu + cpuSeconds() - c0;
  const logEvery = run.logEvery ?? Math.max(1, Math.round(s.steps / 50));
  let teacher = run.teacher ?? null;
  if (teacher instanceof TeacherTable) checkTeacherTable(teacher, data, s);
  else teacher?.eval();
  if (run.cacheTeacher) {
    if (!teacher || teacher instanceof TeacherTable) throw new TrainOptionError("cacheTeacher needs run.teacher to be a teacher model");
    checkTeacherTable(null, data, s);
  }
  let teacherTableSeconds: number | null = null;
  // With run.cacheTeacher: the table this run built (or restored); snapshots keep it for a resume.
  let builtTable: TeacherTable | null = null;
  // Rate and ETA count from the first step (a teacher table's build would skew both).
  let tSteps = performance.now();
  const recent: number[] = [];
  let order: Int32Array | null = null;
  let orderEpoch = -1;
  const snapshot = (): TrainSnapshot => {
    const o = exportAdamW(opt, nameOf);
    return {
      step,
      tensors: [...model.stateEntries(false), ...o.tensors, ...(ema?.tensors() ?? []), ...(builtTable ? [[TEACHER_TABLE_TENSOR, builtTable.tensor()] as [string, Tensor]] : [])],
      resume: { step, optimizerStep: o.step, options: { ...s }, wallSeconds: wall(), cpuSeconds: cpu() },
    };
  };
  const workers = s.workers ?? 1;
  const cropPadding = s.augment && data.kind === "image" ? (s.cropPadding ?? 2) : null;
  const dp = workers > 1 ? await DataParallel.start(model, teacher, data, { workers, seed: s.seed, cropPadding, loss: s.loss, replicas: run.replicas }) : null;
  try {
    if (run.cacheTeacher && !(teacher instanceof TeacherTable) && teacher) {
      const t1 = performance.now();
      const mirrored = cropPadding !== null;
      const stored = run.resume?.tensors.get(TEACHER_TABLE_TENSOR);
      if (stored) {
        // A resumed run takes the table its snapshot kept (the same logits; minutes of teacher forwards saved).
        builtTable = TeacherTable.fromTensor(stored);
        checkTeacherTable(builtTable, data, s);
        if (dp) await dp.useTable(builtTable);
      } else {
        // Part of the run's time (t0 is set).
        builtTable = dp ? await dp.cacheTeacher(mirrored) : TeacherTable.build(teacher, data, { mirrored });
      }
      teacher = builtTable;
      teacherTableSeconds = (performance.now() - t1) / 1000;
      const how = stored ? ", restored from the checkpoint" : ` in ${teacherTableSeconds.toFixed(1)} s`;
      run.progress?.write(`teacher table: logits on ${data.count} examples${mirrored ? " and their mirror images" : ""}${how}\n`);
    }
    tSteps = performance.now();
    model.train(true);
    while (step < s.steps) {
      const epoch = Math.floor(step / spe);
      const b = step % spe;
      if (epoch !== orderEpoch) {
        order = loader.order(epoch);
        orderEpoch = epoch;
      }
      const bs = loader.batchSize;
      const idx = order!.subarray(b * bs, b * bs + bs);
      const terms = dp
        ? await dp.backward(idx, epoch, b, step)
        : plainTerms(
            shardBackward(model, teacher, data, idx, cropPadding === null ? undefined : { seed: mixSeeds(s.seed, epoch, b), cropPadding }, mixSeeds(s.seed, 0x5eed, step), s.loss, opt.params),
          );
      if (s.clipNorm > 0) clipGradNorm(opt.params, s.clipNorm);
      opt.lr = schedule(step);
      opt.step();
      ema?.update();
      dp?.updated();
      step++;
      recent.push(terms.total);
      if (recent.length > 50) recent.shift();
      if (run.progress && (step % logEvery === 0 || step === s.steps)) {
        const el = (performance.now() - tSteps) / 1000;
        const mean = recent.reduce((a, v) => a + v, 0) / recent.length;
        const extra = teacher
          ? ` (ce ${terms.ce.toFixed(3)} dist ${terms.distill.toFixed(3)} kl ${terms.clsKl.toFixed(4)} tok ${terms.tokenLabel.toFixed(3)})`
          : (s.loss.tokenSite ?? 0) > 0
            ? ` (ce ${terms.ce.toFixed(3)} site ${terms.tokenSite.toFixed(3)})`
            : "";
        run.progress.write(
          `step ${step}/${s.steps} epoch ${(step / spe).toFixed(2)} loss ${mean.toFixed(4)}${extra} lr ${opt.lr.toExponential(2)} | ` +
            `${(((step - startStep) * bs) / el).toFixed(1)} ex/s, elapsed ${formatDuration(wall())}, ETA ${formatDuration(eta(step - startStep, s.steps - startStep, el))}\n`,
        );
      }
      if (run.evalData && run.evalEvery && step % run.evalEvery === 0 && step < s.steps) {
        const text = data.kind === "text";
        const line = (r: ReturnType<typeof evaluate>) => `accuracy ${(100 * r.accuracy).toFixed(2)} %${text ? `, mcc ${r.mcc.toFixed(4)}` : ""}`;
        const r = evaluate(model, run.evalData);
        const averaged = ema ? ema.swapped(() => evaluate(model, run.evalData!)) : null;
        model.train(true);
        run.progress?.write(`  eval at step ${step}: ${line(r)}${averaged ? ` (weight average: ${line(averaged)})` : ""} on ${r.count}\n`);
      }
      if (run.onCheckpoint && run.checkpointEvery && step % run.checkpointEvery === 0 && step < s.steps) await run.onCheckpoint(snapshot());
    }
  } finally {
    model.eval();
    await dp?.close();
  }
  // A finished run hands back the averaged weights (the final snapshot then holds them as the model).
  if (ema && step >= s.steps) ema.copyIn();
  if (run.onCheckpoint) await run.onCheckpoint(snapshot());
  return {
    steps: step,
    epochs: step / spe,
    finalLoss: recent.length ? recent.reduce((a, v) => a + v, 0) / recent.length : Number.NaN,
    wallSeconds: wall(),
    cpuSeconds: cpu(),
    ...(teacherTableSeconds !== null ? { teacherTableSeconds } : {}),
  };
}

/** The EMA of the parameters (TrainSettings.emaDecay), kept beside them in plain arrays. */
class WeightAverage {
  private readonly avg: Float32Array[];

  constructor(
    private readonly params: readonly Parameter[],
    private readonly names: ReadonlyMap<Parameter, string>,
    private readonly decay: number,
    resume: ReadonlyMap<string, Tensor> | null,
  ) {
    this.avg = params.map((p) => {
      if (!resume) return p.data.slice();
      const t = resume.get(`optim.ema/${names.get(p)}`);
      if (!t || t.size !== p.size) throw new TrainOptionError(`the checkpoint has no weight average for "${names.get(p)}"; it was not saved by a run with emaDecay, so it cannot be resumed with one`);
      return t.data.slice();
    });
  }

  update(): void {
    const d = this.decay;
    for (let i = 0; i < this.params.length; i++) {
      const a = this.avg[i];
      const w = this.params[i].data;
      for (let j = 0; j < a.length; j++) a[j] = d * a[j] + (1 - d) * w[j];
    }
  }

  tensors(): [string, Tensor][] {
    return this.params.map((p, i) => [`optim.ema/${this.names.get(p)}`, new Tensor(this.avg[i].slice(), [p.size])]);
  }

  /** Runs `f` with the averaged weights in the parameters, then puts the trained ones back. */
  swapped<T>(f: () => T): T {
    const saved = this.params.map((p) => p.data.slice());
    this.copyIn();
    try {
      return f();
    } finally {
      for (let i = 0; i < this.params.length; i++) this.params[i].assign(saved[i]);
    }
  }

  copyIn(): void {
    for (let i = 0; i < this.params.length; i++) this.params[i].assign(this.avg[i]);
  }
}
