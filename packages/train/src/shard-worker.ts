// Entry of a data-parallel training worker thread (started by ShardWorkers): rebuilds the registry, the
// model, the teacher and the data from workerData, then answers one StepRequest at a time with its shard's
// gradients. Every failure is posted as an error reply, so the main thread can name the worker and cause.
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import type { TransformerModel } from "@trex/models";
import { createRegistry } from "@trex/registry";
import { loadPlugins } from "@trex/registry/node";
import { decodeCheckpoint } from "./checkpoint.js";
import { loadDataset } from "./datasets.js";
import { modelFromCheckpoint } from "./load-model.js";
import type { WorkerInit, WorkerReply, WorkerRequest } from "./replica-spec.js";
import { assignFlatParams, flattenGrads, plainTerms, shardBackward } from "./shard-step.js";
import type { TaskData } from "./task-data.js";
import { TeacherTable, teacherLogits } from "./teacher-table.js";

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (m: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
const fail = (e: unknown) => post({ type: "error", message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });

async function setup(): Promise<{ model: TransformerModel; teacher: TransformerModel | TeacherTable | null; data: TaskData }> {
  const registry = createRegistry();
  for (const p of init.plugins) await loadPlugins(registry, p.specifiers, { baseDir: p.baseDir, resolveFrom: p.resolveFrom });
  const model = await modelFromCheckpoint(decodeCheckpoint(init.model, "model replica"), registry.methods, "model replica");
  const teacher = init.teacher ? await modelFromCheckpoint(decodeCheckpoint(init.teacher, "teacher replica"), registry.methods, "teacher replica") : null;
  for (const h of init.hooks) {
    const url = h.module.startsWith("file:") ? h.module : pathToFileURL(h.module).href;
    const fn = ((await import(url)) as Record<string, unknown>)[h.name];
    if (typeof fn !== "function") throw new TypeError(`replica hook ${h.module} has no function export "${h.name}"`);
    await fn(model, teacher, h.args);
  }
  const loaded = loadDataset(init.dataset.ref, init.dataset.options);
  const data = init.dataset.indices ? loaded.subset(init.dataset.indices) : loaded;
  model.train(true);
  return { model, teacher: init.teacherTable ? TeacherTable.fromData(init.teacherTable) : teacher, data };
}

const ready = setup();
ready.then(
  ({ model, data }) => {
    const named = model.namedParameters();
    post({ type: "ready", names: named.map(([n]) => n), sizes: named.map(([, p]) => p.size), count: data.count });
  },
  fail,
);

port.on("message", async (req: WorkerRequest) => {
  try {
    const state = await ready;
    const { model, teacher, data } = state;
    if (req.type === "logits") {
      if (!teacher || teacher instanceof TeacherTable) throw new Error("asked for teacher logits, but this replica has no teacher model");
      const logits = teacherLogits(teacher, data, req.indices, req.mirrored);
      post({ type: "logits", logits }, [logits.buffer as ArrayBuffer]);
      return;
    }
    if (req.type === "use-table") {
      state.teacher = TeacherTable.fromData(req.table);
      post({ type: "table-ready" });
      return;
    }
    const params = model.namedParameters().map(([, p]) => p);
    if (req.params) assignFlatParams(params, req.params);
    const terms = shardBackward(model, teacher, data, req.indices, req.augment, req.trainSeed, init.loss, params);
    const { grads, present } = flattenGrads(params);
    post({ type: "grads", grads, present, terms: plainTerms(terms) }, [grads.buffer as ArrayBuffer, present.buffer as ArrayBuffer]);
  } catch (e) {
    fail(e);
  }
});
