// How the run-time writes of a block's dynamic operands (Kᵀ, V) are sequenced against the computation
// (CALIBRATION.md §2.3). A "write group" is a run of ops of one block that starts at a dynamic product
// and contains no static product: every operand it writes was produced before it starts (Kᵀ and V come
// from the Q/K/V projection), so all its writes may begin at the group's start.
//
// Write contention c (`writes.contention`, CALIBRATION.md §2.3): operands written at the same time share
// the tile's write drivers and input-buffer write port. While k operands are being written, each row
// takes (1 + c·(k − 1)) · D_W: c = 0 is one independent write port per operand, c = 1 one shared port
// that interleaves rows round-robin (the writes then take as long as written one after the other).
// For processor sharing of this form operand i's write ends at
//   T_i = w_i + c · Σ_{j≠i} min(w_i, w_j)        (w = its write time alone)
// (each stage with k operands still writing lasts its rows · (1 + c·(k − 1)); summing the stages gives
// this). Kᵀ (w_K) and V (w_V ≥ w_K): T_K = (1 + c)·w_K, T_V = w_V + c·w_K.
import type { WorkloadOp } from "./ops.js";

/**
 * (Every sequencing but `serial` writes a group's operands concurrently and applies the write
 * contention above; `serial` writes one operand at a time, so contention does not arise.)
 * - `overlap`: every operand of the group is written from the group's start, each into its own
 *   crossbars (rows of one operand one after another, heads in parallel); a product waits only for its
 *   own operand, so QKᵀ and the softmax run while V is still being written (V is needed only by S·V).
 * - `phase`: all operands are written before any product of the group runs; the phase lasts the
 *   longest operand.
 * - `serial`: each operand is written just before its own product reads it.
 */
export type WriteSequencing = "overlap" | "phase" | "serial";
export const writeSequencings: readonly WriteSequencing[] = ["overlap", "phase", "serial"];

/** One op of a write group: its own duration (reads, digital work, buffers; µs) and its operand's write time (µs; 0 if it writes nothing). */
export interface GroupOp {
  compute: number;
  write: number;
}

/**
 * The group's critical path. `writeCharge[i]` is the write time op i adds to the inference's delay;
 * `visible[i]` says whether op i's own duration is on the critical path (false: it ran while an operand
 * was still being written). `length` = Σ writeCharge + Σ visible compute = the group's duration.
 */
export interface GroupSchedule {
  writeCharge: number[];
  visible: boolean[];
  length: number;
}

/** The group's critical path with write contention `contention` ∈ [0, 1] (see the file comment). */
export function scheduleGroup(ops: readonly GroupOp[], sequencing: WriteSequencing, contention: number): GroupSchedule {
  const n = ops.length;
  const compute = Float64Array.from(ops, (o) => o.compute);
  const write = Float64Array.from(ops, (o) => o.write);
  const charge = new Float64Array(n);
  const hidden = new Uint8Array(n);
  const length = scheduleInto(compute, write, 0, n, sequencing, contention, charge, hidden);
  return { writeCharge: Array.from(charge), visible: Array.from(hidden, (h) => h === 0), length };
}

/**
 * scheduleGroup on the slice [from, to) of parallel arrays, writing each op's write charge into
 * `charge` and 1 into `hidden` for ops off the critical path; returns the group's duration. (The cost
 * model calls this once per block for every configuration it prices, so it allocates nothing.)
 */
export function scheduleInto(
  compute: Float64Array,
  write: Float64Array,
  from: number,
  to: number,
  sequencing: WriteSequencing,
  contention: number,
  charge: Float64Array,
  hidden: Uint8Array,
): number {
  let total = 0;
  let first = -1;
  for (let i = from; i < to; i++) {
    charge[i] = 0;
    hidden[i] = 0;
    total += compute[i];
    if (write[i] > 0 && first < 0) first = i;
  }
  if (sequencing === "serial") {
    for (let i = from; i < to; i++) {
      charge[i] = write[i];
      total += write[i];
    }
    return total;
  }
  if (first < 0) return total;
  if (sequencing === "phase") {
    let longest = 0;
    for (let i = first; i < to; i++) longest = Math.max(longest, writeEnd(write, from, to, i, contention));
    charge[first] = longest;
    return total + longest;
  }
  // overlap: t is the time since the group started. The last product that had to wait for its operand
  // starts the critical path (its write, then every op after it); everything before it is hidden.
  let t = 0;
  let critical = first;
  let criticalEnd = 0;
  for (let i = from; i < to; i++) {
    const w = writeEnd(write, from, to, i, contention);
    if (w > 0 && w >= t) {
      critical = i;
      criticalEnd = w;
      t = w;
    }
    t += compute[i];
  }
  charge[critical] = criticalEnd;
  for (let i = from; i < critical; i++) hidden[i] = 1;
  return t;
}

/** When op i's operand is fully written, from the group's start: T_i = w_i + c · Σ_{j≠i} min(w_i, w_j); 0 if it writes nothing. */
function writeEnd(write: Float64Array, from: number, to: number, i: number, contention: number): number {
  const w = write[i];
  if (!(w > 0)) return 0;
  let shared = 0;
  for (let j = from; j < to; j++) if (j !== i && write[j] > 0) shared += Math.min(w, write[j]);
  return w + contention * shared;
}

/** End (exclusive) of the write group that starts at op i, or -1 if op i is not a dynamic product (see the file comment). */
export function writeGroupEnd(ops: readonly WorkloadOp[], i: number): number {
  const o = ops[i];
  if (o.kind !== "dynamic") return -1;
  if (o.block === null) return i + 1;
  let end = i + 1;
  for (let j = i + 1; j < ops.length && ops[j].block === o.block && ops[j].kind !== "static"; j++) {
    if (ops[j].kind === "dynamic") end = j + 1;
  }
  return end;
}
