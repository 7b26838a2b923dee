import { mixSeeds } from "@trex/data";
import type { TransformerModel } from "@trex/models";
import type { Parameter } from "@trex/tensor";
import { encodeCheckpoint, type MethodRecord } from "./checkpoint.js";
import type { LossWeights } from "./distillation.js";
import { TrainOptionError } from "./errors.js";
import type { ReplicaSpec, ShardTerms, StepRequest } from "./replica-spec.js";
import { flattenParams, plainTerms, shardBackward } from "./shard-step.js";
import { ShardWorkers } from "./shard-workers.js";
import type { TaskData } from "./task-data.js";
import { TeacherTable, teacherLogits } from "./teacher-table.js";

/** TRXC bytes of a model as it is now (config + methods + weights), for a worker to rebuild it. */
function replicaBytes(model: TransformerModel, methods: readonly MethodRecord[]): Uint8Array {
  return encodeCheckpoint({ format: "trex-checkpoint", version: 1, model: { id: null, config: model.config }, methods }, model.stateEntries(false));
}

/**
 * Synchronous data parallelism over worker threads. Each batch is split into N equal contiguous shards;
 * the main thread computes shard 0 on `model`, workers 1…N−1 the others on replicas; the gradients are
 * averaged into `model`'s parameters (equal shards of a per-example-mean loss: the mean of the shard
 * gradients is the full-batch gradient). After the optimizer step the new parameters go to the workers
 * with the next request. Shard k's augmentation is seeded from (seed, epoch, batch, k) and its dropout /
 * stochastic depth from (seed, step, k). BatchNorm normalises each shard with its own statistics (DDP
 * without SyncBN); the running statistics are the main thread's shard's.
 */
export class DataParallel {
  private readonly params: Parameter[];
  private nextParams: Float32Array | null = null;

  private constructor(
    private readonly model: TransformerModel,
    private teacher: TransformerModel | TeacherTable | null,
    private readonly data: TaskData,
    private readonly n: number,
    private readonly seed: number,
    /** Crop padding of the image augmentation; null = none. */
    private readonly cropPadding: number | null,
    private readonly loss: LossWeights,
    private readonly pool: ShardWorkers,
  ) {
    this.params = model.namedParameters().map(([, p]) => p);
  }

  /** Starts N−1 workers and waits until each has rebuilt the model, the teacher and the data. */
  static async start(
    model: TransformerModel,
    teacher: TransformerModel | TeacherTable | null,
    data: TaskData,
    o: { workers: number; seed: number; cropPadding: number | null; loss: LossWeights; replicas: ReplicaSpec | null | undefined },
  ): Promise<DataParallel> {
    if (!o.replicas) {
      throw new TrainOptionError(
        `workers = ${o.workers} needs run.replicas (the model's methods, the dataset reference and the plugins) so workers can rebuild the model and data; pass it or use workers = 1`,
      );
    }
    const spec = o.replicas;
    const modelBytes = replicaBytes(model, spec.methods);
    const table = teacher instanceof TeacherTable ? teacher : null;
    const teacherBytes = teacher && !table ? replicaBytes(teacher as TransformerModel, spec.teacherMethods ?? []) : null;
    const pool = new ShardWorkers(
      Array.from({ length: o.workers - 1 }, (_, k) => ({
        index: k + 1,
        model: modelBytes,
        teacher: teacherBytes,
        teacherTable: table?.table ?? null,
        dataset: spec.dataset,
        plugins: spec.plugins ?? [],
        hooks: spec.hooks ?? [],
        loss: o.loss,
      })),
    );
    try {
      const named = model.namedParameters();
      await pool.ready(
        named.map(([n]) => n),
        named.map(([, p]) => p.size),
        data.count,
      );
    } catch (e) {
      await pool.close();
      throw e;
    }
    return new DataParallel(model, teacher, data, o.workers, o.seed, o.cropPadding, o.loss, pool);
  }

  /** Gradients of the batch `indices` averaged over the shards into the model's `.grad`; mean loss terms. */
  async backward(indices: Int32Array, epoch: number, batch: number, step: number): Promise<ShardTerms> {
    const { n } = this;
    if (indices.length % n !== 0) throw new TrainOptionError(`the batch of ${indices.length} does not split into ${n} equal shards; pick a batch size divisible by the worker count`);
    const size = indices.length / n;
    const aug = (k: number) => (this.cropPadding === null ? undefined : { seed: mixSeeds(this.seed, epoch, batch, k), cropPadding: this.cropPadding });
    const requests: StepRequest[] = [];
    for (let k = 1; k < n; k++) {
      // Each worker gets its own copy of the new parameters (the buffer is transferred, not cloned).
      const params = this.nextParams && (k === n - 1 ? this.nextParams : this.nextParams.slice());
      requests.push({ type: "step", params, indices: indices.slice(k * size, (k + 1) * size), augment: aug(k), trainSeed: mixSeeds(this.seed, 0x5eed, step, k) });
    }
    this.nextParams = null;
    const pending = this.pool.scatter(requests);
    pending.catch(() => {}); // handled by the await below; this keeps a failure during shard 0 from going unhandled
    const own = plainTerms(shardBackward(this.model, this.teacher, this.data, indices.subarray(0, size), aug(0), mixSeeds(this.seed, 0x5eed, step, 0), this.loss, this.params));
    const others = await pending;
    let o = 0;
    for (const [i, p] of this.params.entries()) {
      if (p.grad === null && others.every((r) => r.present[i] === 0)) {
        o += p.size; // no shard touched it: stays null, so AdamW skips it as the single-thread trainer would
        continue;
      }
      const g = p.grad ?? new Float32Array(p.size);
      for (let j = 0; j < p.size; j++) {
        let sum = g[j];
        for (const r of others) sum += r.grads[o + j];
        g[j] = sum / n;
      }
      p.grad = g;
      o += p.size;
    }
    const all = [own, ...others.map((r) => r.terms)];
    const mean = (k: keyof ShardTerms) => all.reduce((a, t) => a + t[k], 0) / n;
    return { total: mean("total"), ce: mean("ce"), distill: mean("distill"), clsKl: mean("clsKl"), tokenLabel: mean("tokenLabel"), tokenSite: mean("tokenSite") };
  }

  /**
   * Replaces the teacher model by a table of its logits on the training set (and on the mirrored images
   * when `mirrored`), computed over all threads: thread k takes the k-th contiguous slice of the examples.
   * Every shard then distils from the table.
   */
  async cacheTeacher(mirrored: boolean, batchSize?: number): Promise<TeacherTable> {
    const teacher = this.teacher;
    if (!teacher || teacher instanceof TeacherTable) throw new TrainOptionError("cacheTeacher needs a teacher model");
    const { n } = this;
    const count = this.data.count;
    const bounds = Array.from({ length: n + 1 }, (_, k) => Math.floor((k * count) / n));
    const range = (k: number) => Int32Array.from({ length: bounds[k + 1] - bounds[k] }, (_, i) => bounds[k] + i);
    const parts: Float32Array[] = [];
    for (const m of mirrored ? [false, true] : [false]) {
      const pending = this.pool.all(
        Array.from({ length: n - 1 }, (_, k) => ({ type: "logits" as const, indices: range(k + 1), mirrored: m })),
        "logits",
      );
      pending.catch(() => {}); // awaited below; keeps a worker failure during the main slice from going unhandled
      const own = teacherLogits(teacher, this.data, range(0), m, batchSize);
      const others = await pending;
      parts.push(concatFloat32([own, ...others.map((r) => r.logits)]));
    }
    const table = TeacherTable.fromOrientations(parts, count);
    await this.useTable(table);
    return table;
  }

  /** Every thread distils from `table` from now on (built by cacheTeacher, or restored on resume). */
  async useTable(table: TeacherTable): Promise<void> {
    await this.pool.all(Array.from({ length: this.n - 1 }, () => ({ type: "use-table" as const, table: table.table })), "table-ready");
    this.teacher = table;
  }

  /** Call after each optimizer step: the updated parameters go out with the next request. */
  updated(): void {
    this.nextParams = flattenParams(this.params);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The arrays one after another in one Float32Array. */
function concatFloat32(arrays: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}
