import type { TransformerModel } from "@trex/models";
import { type Tensor, tensor } from "@trex/tensor";
import { TrainOptionError } from "./errors.js";
import { batchedLogits } from "./evaluate.js";
import type { ProgressSink } from "./progress.js";
import type { TaskData } from "./task-data.js";

/** Name of the run-built teacher table in a training snapshot (optim.*: not a model weight). */
export const TEACHER_TABLE_TENSOR = "optim.teacher-table";

/** The plain-data form of a TeacherTable (sent to data-parallel workers). */
export interface TeacherTableData {
  /** count × orientations × classes logits; orientation 0 = the image as stored, 1 = mirrored. */
  readonly logits: Float32Array;
  readonly count: number;
  readonly classes: number;
  /** 2 when mirrored images' logits are stored too (flip-only augmentation), else 1. */
  readonly orientations: 1 | 2;
}

/**
 * A teacher's logits on every training example, computed once: distillation from a teacher that is far
 * slower than the student (lvvit-fmnist teaching deit-fmnist) then costs a lookup per step instead of a
 * teacher forward. It can stand for the teacher only where the student's inputs are examples as stored,
 * or mirrored (flip-only augmentation: the mirrored logits are stored too), never random crops. It gives
 * logits only, so it serves the soft distillation CE, not the class-token KL or token labels.
 */
export class TeacherTable {
  private constructor(readonly table: TeacherTableData) {}

  static fromData(d: TeacherTableData): TeacherTable {
    if (d.logits.length !== d.count * d.orientations * d.classes) {
      throw new TrainOptionError(`teacher table: ${d.logits.length} logits for ${d.count} examples × ${d.orientations} orientation(s) × ${d.classes} classes`);
    }
    return new TeacherTable(d);
  }

  /** The table as one tensor [count, orientations, classes] (how a training snapshot keeps it). */
  tensor(): Tensor {
    const { logits, count, orientations, classes } = this.table;
    return tensor(logits, [count, orientations, classes]);
  }

  /** The inverse of tensor(). */
  static fromTensor(t: Tensor): TeacherTable {
    if (t.shape.length !== 3 || !(t.shape[1] === 1 || t.shape[1] === 2)) {
      throw new TrainOptionError(`a stored teacher table is [count, 1 or 2 orientations, classes], got [${t.shape.join(", ")}]; resume without it (the run rebuilds the table)`);
    }
    return TeacherTable.fromData({ logits: t.data, count: t.shape[0], orientations: t.shape[1] as 1 | 2, classes: t.shape[2] });
  }

  /**
   * Runs `teacher` (eval mode, no gradients) on every example of `data`, and on every mirrored example
   * when `mirrored` (images only). (DataParallel.cacheTeacher builds the same table over its threads.)
   */
  static build(teacher: TransformerModel, data: TaskData, o: { mirrored: boolean; batchSize?: number; progress?: ProgressSink | null }): TeacherTable {
    const all = Int32Array.from({ length: data.count }, (_, i) => i);
    const parts = [teacherLogits(teacher, data, all, false, o.batchSize, o.progress)];
    if (o.mirrored) parts.push(teacherLogits(teacher, data, all, true, o.batchSize, o.progress));
    return TeacherTable.fromOrientations(parts, data.count);
  }

  /**
   * The table from per-orientation logits of all `count` examples in order ([count × classes] each;
   * the second, when given, of the mirrored examples).
   */
  static fromOrientations(parts: readonly Float32Array[], count: number): TeacherTable {
    const orientations = parts.length as 1 | 2;
    if (orientations !== 1 && orientations !== 2) throw new TrainOptionError(`a teacher table has 1 or 2 orientations, got ${parts.length}`);
    const classes = count > 0 ? parts[0].length / count : 0;
    if (!Number.isInteger(classes) || parts.some((p) => p.length !== parts[0].length)) throw new TrainOptionError("teacher table: the orientations' logits differ in size or do not divide by the example count");
    const logits = new Float32Array(count * orientations * classes);
    for (let i = 0; i < count; i++) for (let o = 0; o < orientations; o++) logits.set(parts[o].subarray(i * classes, (i + 1) * classes), (i * orientations + o) * classes);
    return TeacherTable.fromData({ logits, count, classes, orientations });
  }

  /** The logits of the examples `indices` [B, classes], mirrored ones where `flipped[r]` is 1. */
  lookup(indices: Int32Array, flipped: Uint8Array | undefined): Tensor {
    const { logits, classes, orientations, count } = this.table;
    const out = new Float32Array(indices.length * classes);
    for (let r = 0; r < indices.length; r++) {
      const i = indices[r];
      if (!(i >= 0 && i < count)) throw new TrainOptionError(`teacher table: example ${i} is outside its ${count} examples; build the table on the training set it is used with`);
      const f = flipped?.[r] ?? 0;
      if (f && orientations === 1) throw new TrainOptionError("teacher table: a mirrored example, but the table holds no mirrored logits; build it with mirrored: true for flip-only augmentation");
      out.set(logits.subarray((i * orientations + f) * classes, (i * orientations + f + 1) * classes), r * classes);
    }
    return tensor(out, [indices.length, classes]);
  }
}

/**
 * `teacher`'s logits [indices.length × classes] on the examples `indices` of `data` (eval mode, no
 * gradients), every image mirrored when `mirrored`.
 */
export function teacherLogits(teacher: TransformerModel, data: TaskData, indices: Int32Array, mirrored: boolean, batchSize = 128, progress: ProgressSink | null = null): Float32Array {
  if (mirrored && data.kind !== "image") throw new TrainOptionError("mirrored teacher logits need image data");
  teacher.eval();
  let batches = 0;
  return batchedLogits(teacher, data, indices, {
    batchSize,
    // Mirrored: flip probability 1 and no crop, so the seed draws nothing that matters.
    augment: mirrored ? { seed: 0, cropPadding: 0, flipProbability: 1 } : undefined,
    onBatch: (done) => {
      if (progress && ++batches % 50 === 0) progress.write(`teacher logits${mirrored ? " (mirrored)" : ""}: ${done}/${indices.length} examples\n`);
    },
  }).logits;
}
