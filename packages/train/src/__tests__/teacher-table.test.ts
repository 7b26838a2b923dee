import { EMBEDDED_FASHION_MNIST_DIR } from "@trex/data/node";
import { noGrad, tensor } from "@trex/tensor";
import { describe, expect, it, vi } from "vitest";
import { DEIT_LOSS } from "../distillation.js";
import type { ReplicaSpec } from "../replica-spec.js";
import { TEACHER_TABLE_TENSOR, TeacherTable } from "../teacher-table.js";
import { defaultSettings, train } from "../trainer.js";
import { resumeFrom, snapshotAt, stateOf, tinyDeit, tinyImages, tinyLvvit } from "./helpers.js";

const every4th = Int32Array.from({ length: 64 }, (_, i) => 4 * i);
const data = tinyImages(256).subset(every4th);
const replicas: ReplicaSpec = { methods: [], dataset: { ref: EMBEDDED_FASHION_MNIST_DIR, options: { split: "train", limit: 256 }, indices: every4th } };
const SOFT_ONLY = { ...DEIT_LOSS, clsKl: 0, tokenLabel: 0 };

describe("TeacherTable", () => {
  it("holds the teacher's logits on each example and on its mirror image, mirrored by hand here", () => {
    const teacher = tinyLvvit(7);
    teacher.eval();
    const table = TeacherTable.build(teacher, data, { mirrored: true, batchSize: 24 });
    const idx = Int32Array.from([5, 0, 63, 17]);
    const flipped = Uint8Array.from([1, 0, 1, 0]);
    // Reference: the stored batch, with the flagged rows mirrored column by column, through the teacher.
    const x = (data.batch(idx).inputs as { data: Float32Array }).data.slice();
    for (let r = 0; r < idx.length; r++) {
      if (!flipped[r]) continue;
      const img = x.slice(r * 784, (r + 1) * 784);
      for (let y = 0; y < 28; y++) for (let c = 0; c < 28; c++) x[r * 784 + y * 28 + c] = img[y * 28 + (27 - c)];
    }
    const ref = noGrad(() => teacher.forward(tensor(x, [4, 1, 28, 28]), { train: false })).logits;
    const got = table.lookup(idx, flipped);
    expect(got.shape).toEqual([4, 10]);
    for (let i = 0; i < ref.size; i++) expect(Math.abs(got.data[i] - ref.data[i])).toBeLessThan(1e-5);
    // Mirrored logits differ from the unmirrored ones (the table really stores two orientations).
    const plain = table.lookup(Int32Array.from([5]), undefined);
    expect(plain.data.some((v, i) => Math.abs(v - got.data[i]) > 1e-4)).toBe(true);
    expect(() => table.lookup(Int32Array.from([64]), undefined)).toThrow(/outside its 64 examples/);
    expect(() => TeacherTable.build(teacher, data, { mirrored: false }).lookup(idx, flipped)).toThrow(/no mirrored logits/);
  });

  it("training from the table, given or built by the run (cacheTeacher), equals training from the live teacher (flip-only augmentation, 1 and 2 workers)", async () => {
    const teacher = tinyLvvit(7);
    teacher.eval();
    const table = TeacherTable.build(teacher, data, { mirrored: true });
    for (const workers of [1, 2]) {
      const settings = (m: ReturnType<typeof tinyDeit>) =>
        defaultSettings(m, 5, { batchSize: 16, seed: 2, warmupSteps: 1, augment: true, cropPadding: 0, loss: SOFT_ONLY, workers });
      const live = tinyDeit(3);
      await train(live, data, settings(live), { teacher, replicas });
      const cached = tinyDeit(3);
      await train(cached, data, settings(cached), { teacher: table, replicas });
      // The run builds the table itself, its slices over the threads (DataParallel.cacheTeacher with 2 workers).
      const built = tinyDeit(3);
      const r = await train(built, data, settings(built), { teacher, cacheTeacher: true, replicas });
      expect(r.teacherTableSeconds).toBeGreaterThan(0);
      const noTeacher = tinyDeit(3);
      await train(noTeacher, data, settings(noTeacher), { replicas });
      const a = stateOf(live);
      const c = stateOf(noTeacher);
      let worst = 0;
      let fromPlain = 0;
      for (const other of [stateOf(cached), stateOf(built)]) {
        for (const [k, v] of a) {
          for (let i = 0; i < v.length; i++) {
            worst = Math.max(worst, Math.abs(other.get(k)![i] - v[i]));
            fromPlain = Math.max(fromPlain, Math.abs(c.get(k)![i] - v[i]));
          }
        }
      }
      expect(worst, `${workers} worker(s)`).toBeLessThan(1e-5);
      // The distillation term matters: without a teacher the weights move elsewhere.
      expect(fromPlain, `${workers} worker(s)`).toBeGreaterThan(1e-4);
    }
  });

  it("a resumed run takes the table its snapshot kept: no teacher forward, the same weights as the uninterrupted run (1 and 2 workers)", async () => {
    const teacher = tinyLvvit(7);
    teacher.eval();
    for (const workers of [1, 2]) {
      const settings = (m: ReturnType<typeof tinyDeit>) =>
        defaultSettings(m, 6, { batchSize: 16, seed: 4, warmupSteps: 1, augment: true, cropPadding: 0, loss: SOFT_ONLY, workers });
      const whole = tinyDeit(5);
      await train(whole, data, settings(whole), { teacher, cacheTeacher: true, replicas });
      const first = tinyDeit(5);
      const snap = await snapshotAt(first, data, settings(first), 3, { teacher, cacheTeacher: true, replicas });
      const kept = snap.tensors.find(([n]) => n === TEACHER_TABLE_TENSOR)?.[1];
      expect(kept?.shape).toEqual([64, 2, 10]);
      const { model: resumed, options, resume } = await resumeFrom(snap, first.config);
      const forward = vi.spyOn(teacher, "forward");
      const lines: string[] = [];
      await train(resumed, data, options, { teacher, cacheTeacher: true, resume, replicas, progress: { write: (l: string) => lines.push(l) } });
      expect(forward, `${workers} worker(s)`).not.toHaveBeenCalled();
      forward.mockRestore();
      expect(lines.some((l) => l.includes("restored from the checkpoint"))).toBe(true);
      const a = stateOf(whole);
      const b = stateOf(resumed);
      for (const [k, v] of a) expect(Array.from(b.get(k)!), `${k}, ${workers} worker(s)`).toEqual(Array.from(v));
    }
  });

  it("refuses what it cannot stand for: random crops, the class-token KL, another training set, flips without mirrored logits", async () => {
    const teacher = tinyLvvit(7);
    const table = TeacherTable.build(teacher, data, { mirrored: true });
    const m = tinyDeit(0);
    const s = (o: object) => defaultSettings(m, 2, { batchSize: 16, warmupSteps: 0, loss: SOFT_ONLY, ...o });
    await expect(train(m, data, s({ augment: true }), { teacher: table })).rejects.toThrow(/no logits for random crops/);
    await expect(train(m, data, s({ loss: DEIT_LOSS }), { teacher: table })).rejects.toThrow(/--cls-kl-weight 0/);
    await expect(train(m, data.take(32), s({}), { teacher: table })).rejects.toThrow(/holds 64 examples, the training set 32/);
    await expect(train(m, data, s({ augment: true }), { teacher, cacheTeacher: true })).rejects.toThrow(/no logits for random crops/);
    await expect(train(m, data, s({}), { teacher: null, cacheTeacher: true })).rejects.toThrow(/needs run.teacher/);
    const flat = TeacherTable.build(teacher, data, { mirrored: false });
    await expect(train(m, data, s({ augment: true, cropPadding: 0 }), { teacher: flat })).rejects.toThrow(/mirrored logits/);
  });
});
