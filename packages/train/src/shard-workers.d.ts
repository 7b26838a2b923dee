import type { ShardTerms, StepRequest, WorkerInit } from "./replica-spec.js";
/**
 * The N−1 worker threads of a data-parallel run. `close()` terminates them all; the trainer calls it in a
 * finally block, so an error, an exception in a callback or a rejected step never leaves a thread running.
 */
export declare class ShardWorkers {
    private readonly workers;
    constructor(inits: readonly WorkerInit[]);
    get size(): number;
    /** Waits until every replica is built; checks that each has the main model's parameters and data. */
    ready(names: readonly string[], sizes: readonly number[], count: number): Promise<void>;
    /** Starts one shard per worker (request k goes to worker k); await the gradients with `gather`. */
    scatter(requests: readonly StepRequest[]): Promise<{
        grads: Float32Array;
        present: Uint8Array;
        terms: ShardTerms;
    }[]>;
    close(): Promise<void>;
}
//# sourceMappingURL=shard-workers.d.ts.map