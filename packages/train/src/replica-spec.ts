import type { LoadDatasetOptions } from "./datasets.js";
import type { MethodRecord } from "./checkpoint.js";
import type { LossWeights } from "./distillation.js";
import type { ImageAugment } from "./task-data.js";
import type { TeacherTableData } from "./teacher-table.js";

/** One `loadPlugins` call (@trex/registry/node): the worker repeats them to rebuild the caller's registry. */
export interface PluginSource {
  /** Package names or paths, as in a trex.config.json `plugins` list. */
  readonly specifiers: readonly string[];
  /** Paths resolve against it; package names are looked up from it first. */
  readonly baseDir: string;
  /** More directories to look package names up from (e.g. the CLI's install). */
  readonly resolveFrom?: readonly string[];
}

/** How a worker loads the training set: `loadDataset(ref, options)`, then `.subset(indices)` when given. */
export interface DatasetRef {
  readonly ref: string;
  readonly options: LoadDatasetOptions;
  /** A subset of the loaded set (e.g. a fine-tuning budget's data fraction), in this order. */
  readonly indices?: Int32Array | null;
}

/**
 * Per-replica state a checkpoint does not carry (e.g. the crossbar engines of variation-aware training):
 * the worker imports `module` and calls its export `name(model, teacher, args)` after rebuilding them.
 */
export interface ReplicaHook {
  /** An absolute file path or file: URL (e.g. `new URL("./replica-setup.js", import.meta.url).href`). */
  readonly module: string;
  readonly name: string;
  /** Structured-cloneable arguments. */
  readonly args?: unknown;
}

/**
 * What `workers > 1` needs to rebuild the model, the teacher and the data in each worker thread. The
 * weights travel as TRXC checkpoint bytes made by the trainer; the methods recorded here are re-applied
 * through a registry rebuilt from `plugins` (the same plugins the caller's registry loaded).
 */
export interface ReplicaSpec {
  /** The methods applied to the student's base config, in order (the checkpoint header's `methods`). */
  readonly methods: readonly MethodRecord[];
  /** The teacher's methods (usually none: the teacher is the unmodified model). */
  readonly teacherMethods?: readonly MethodRecord[];
  readonly dataset: DatasetRef;
  /** Empty or absent when no method needs a plugin. */
  readonly plugins?: readonly PluginSource[];
  /** Run in order on each replica after it is rebuilt. */
  readonly hooks?: readonly ReplicaHook[];
}

/** What a worker is started with (workerData). */
export interface WorkerInit {
  readonly index: number;
  readonly model: Uint8Array;
  readonly teacher: Uint8Array | null;
  /** Instead of a teacher model: its cached logits (TeacherTable). */
  readonly teacherTable: TeacherTableData | null;
  readonly dataset: DatasetRef;
  readonly plugins: readonly PluginSource[];
  readonly hooks: readonly ReplicaHook[];
  readonly loss: LossWeights;
}

/** Main → worker: compute one shard's gradient (with the parameters after the previous step, if they changed). */
export interface StepRequest {
  readonly type: "step";
  readonly params: Float32Array | null;
  readonly indices: Int32Array;
  readonly augment: ImageAugment | undefined;
  readonly trainSeed: number;
}

/** Main → worker: its teacher's logits on the examples `indices` (every image mirrored when `mirrored`). */
export interface LogitsRequest {
  readonly type: "logits";
  readonly indices: Int32Array;
  readonly mirrored: boolean;
}

/** Main → worker: distil from this table of cached teacher logits from now on. */
export interface UseTableRequest {
  readonly type: "use-table";
  readonly table: TeacherTableData;
}

export type WorkerRequest = StepRequest | LogitsRequest | UseTableRequest;

/** Plain-number loss terms of one shard (the `total` tensor's value as a number). */
export interface ShardTerms {
  readonly total: number;
  readonly ce: number;
  readonly distill: number;
  readonly clsKl: number;
  readonly tokenLabel: number;
  readonly tokenSite: number;
}

/** Worker → main. */
export type WorkerReply =
  | { readonly type: "ready"; readonly names: readonly string[]; readonly sizes: readonly number[]; readonly count: number }
  | { readonly type: "grads"; readonly grads: Float32Array; readonly present: Uint8Array; readonly terms: ShardTerms }
  | { readonly type: "logits"; readonly logits: Float32Array }
  | { readonly type: "table-ready" }
  | { readonly type: "error"; readonly message: string };
