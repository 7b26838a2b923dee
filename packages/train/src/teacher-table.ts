import type { TransformerModel } from "@trex/models";
import { noGrad, type Tensor, tensor } from "@trex/tensor";
import { TrainOptionError } from "./errors.js";
import type { ProgressSink } from "./progress.js";
import type { TaskData } from "./task-data.js";

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

  /**
   * Runs `teacher` (eval mode, no gradients) on every example of `data`, and on every mirrored example
   * when `mirrored` (images only).
   */
  static build(teacher: TransformerModel, data: TaskData, o: { mirrored: boolean; batchSize?: number; progress?: ProgressSink | null }): TeacherTable {
    if (o.mirrored && data.kind !== "image") throw new TrainOptionError("a mirrored teacher table needs image data");
    const bs = o.batchSize ?? 128;
    const orientations = o.mirrored ? 2 : 1;
    let classes = 0;
    let logits = new Float32Array(0);
    teacher.eval();
    for (let s = 0; s < data.count; s += bs) {
      const idx = Int32Array.from({ length: Math.min(bs, data.count - s) }, (_, i) => s + i);
      for (let o2 = 0; o2 < orientations; o2++) {
        // Orientation 1: every image mirrored (flip probability 1, no crop); the seed then draws nothing that matters.
        const b = data.batch(idx, o2 === 0 ? undefined : { seed: 0, cropPadding: 0, flipProbability: 1 });
        const out = noGrad(() => teacher.forward(b.inputs, { train: false })).logits;
        if (classes === 0) {
          classes = out.shape[1];
          logits = new Float32Array(data.count * orientations * classes);
        }
        for (let r = 0; r < idx.length; r++) logits.set(out.data.subarray(r * classes, (r + 1) * classes), ((s + r) * orientations + o2) * classes);
      }
      if (o.progress && (s / bs) % 50 === 49) o.progress.write(`teacher table: ${s + idx.length}/${data.count} examples\n`);
    }
    return new TeacherTable({ logits, count: data.count, classes, orientations });
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
