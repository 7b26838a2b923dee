import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { WorkerError } from "./errors.js";
import type { ShardTerms, StepRequest, WorkerInit, WorkerReply, WorkerRequest } from "./replica-spec.js";

// The worker runs compiled JS: from dist/ next to this file, or (this file run from src/ by vitest) from
// the package's built dist/ — the test task depends on the build.
const WORKER_ENTRY = fileURLToPath(
  import.meta.url.endsWith(".ts") ? new URL("../dist/shard-worker.js", import.meta.url) : new URL("./shard-worker.js", import.meta.url),
);

interface Pending {
  resolve(r: WorkerReply): void;
  reject(e: Error): void;
}

/** One worker thread holding a replica; at most one request in flight. */
class ShardWorker {
  private readonly worker: Worker;
  private pending: Pending | null = null;
  private failure: WorkerError | null = null;
  private closing = false;

  constructor(
    readonly index: number,
    init: WorkerInit,
  ) {
    this.worker = new Worker(WORKER_ENTRY, { workerData: init, stdout: false, stderr: false });
    this.worker.on("message", (m: WorkerReply) => {
      if (m.type === "error") this.fail(m.message);
      else this.settle((p) => p.resolve(m));
    });
    this.worker.on("error", (e) => this.fail(`${e.name}: ${e.message}`));
    this.worker.on("exit", (code) => {
      if (!this.closing) this.fail(`the thread exited (code ${code}) before training ended`);
    });
  }

  private settle(f: (p: Pending) => void): void {
    const p = this.pending;
    this.pending = null;
    if (p) f(p);
  }

  private fail(cause: string): void {
    this.failure ??= new WorkerError(this.index, cause);
    const err = this.failure;
    this.settle((p) => p.reject(err));
  }

  /** The next reply (a failure before or while waiting rejects with the WorkerError). */
  next(): Promise<WorkerReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
    });
  }

  send(req: WorkerRequest): void {
    const buffers = req.type === "step" ? [req.params?.buffer, req.indices.buffer] : req.type === "logits" ? [req.indices.buffer] : [];
    const transfer = buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
    this.worker.postMessage(req, transfer);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }
}

/**
 * The N−1 worker threads of a data-parallel run. `close()` terminates them all; the trainer calls it in a
 * finally block, so an error, an exception in a callback or a rejected step never leaves a thread running.
 */
export class ShardWorkers {
  private readonly workers: ShardWorker[];

  constructor(inits: readonly WorkerInit[]) {
    this.workers = [];
    try {
      for (const init of inits) this.workers.push(new ShardWorker(init.index, init));
    } catch (e) {
      void this.close(); // the threads already started must not outlive a failed start
      throw e;
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Waits until every replica is built; checks that each has the main model's parameters and data. */
  async ready(names: readonly string[], sizes: readonly number[], count: number): Promise<void> {
    const replies = await Promise.all(this.workers.map((w) => w.next()));
    replies.forEach((r, k) => {
      const w = this.workers[k];
      if (r.type !== "ready") throw new WorkerError(w.index, `expected a ready message, got "${r.type}"`);
      if (r.names.length !== names.length || r.names.some((n, i) => n !== names[i] || r.sizes[i] !== sizes[i])) {
        throw new WorkerError(w.index, "its rebuilt model's parameters differ from the main model's; pass the methods and plugins the model was built with");
      }
      if (r.count !== count) {
        throw new WorkerError(w.index, `its dataset has ${r.count} examples, the main thread's ${count}; the replica's dataset reference does not describe the training data`);
      }
    });
  }

  /** Starts one shard per worker (request k goes to worker k); await the gradients with `gather`. */
  scatter(requests: readonly StepRequest[]): Promise<{ grads: Float32Array; present: Uint8Array; terms: ShardTerms }[]> {
    const replies = this.workers.map((w) => w.next());
    for (const [k, r] of requests.entries()) this.workers[k].send(r);
    return Promise.all(replies).then((rs) =>
      rs.map((r, k) => {
        if (r.type !== "grads") throw new WorkerError(this.workers[k].index, `expected gradients, got "${r.type}"`);
        return { grads: r.grads, present: r.present, terms: r.terms };
      }),
    );
  }

  /** Request k to worker k; resolves with every reply once all are in, each checked to be of `type`. */
  async all<T extends WorkerReply["type"]>(requests: readonly WorkerRequest[], type: T): Promise<Extract<WorkerReply, { type: T }>[]> {
    const replies = this.workers.map((w) => w.next());
    for (const [k, r] of requests.entries()) this.workers[k].send(r);
    const rs = await Promise.all(replies);
    return rs.map((r, k) => {
      if (r.type !== type) throw new WorkerError(this.workers[k].index, `expected a "${type}" reply, got "${r.type}"`);
      return r as Extract<WorkerReply, { type: T }>;
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
