// The cost model (TReXSim-style). Units inside: pJ, µs, mm². Equations (see README):
//   slices s = ceil(weightBits / bitsPerCell); N_X = ceil(in/rows) · ceil(out/cols) · s
//   read  E = vectors · N_X · E_R · b/8           D = vectors · D_R · b/8 · min(N_X,PE, N_X)
//   write E = rows_written · ceil(n/cols) · s · E_W (per head)   D = k · D_W (row by row)
//   softmax E = heads · t_r · t_c · c_s · e_op      D = t_r · t_c · c_s · cycle (one unit per head)
//   area = allocated tiles · (crossbars per tile · A_X + tile periphery) + units
//   delay = Σ ops' durations on the critical path + the write time the write schedule puts on it
import type { Component, WorkloadOp, Workload } from "./ops.js";
import type { DeviceParams, HwPreset } from "./preset.js";
import type { CategoryValues, ComponentCost, CostReport, LayerCost } from "./cost-types.js";
import { costCategories } from "./cost-types.js";
import { HwSpecError } from "./errors.js";
import { scheduleInto, writeGroupEnd } from "./write-schedule.js";
import type { TransformerSpec } from "./structure.js";
import { opMacs, workloadFromSpec } from "./workload.js";

export interface CostOptions {
  /** Include the per-op `layers` list (default true; off is faster for searches). */
  layers?: boolean;
}

// Category indices as a literal (Object.fromEntries builds a dictionary-mode object, slow in the hot loop);
// it must list costCategories in order.
const CAT = { crossbarRead: 0, crossbarWrite: 1, adc: 2, dac: 3, shiftAdd: 4, buffers: 5, softmax: 6, layernorm: 7, other: 8 } as const;
const N = costCategories.length;
const components: Component[] = ["attention", "projection", "mlp", "transform", "embed", "head", "other"];
const COMP: Record<Component, number> = { attention: 0, projection: 1, mlp: 2, transform: 3, embed: 4, head: 5, other: 6 };

// Scratch buffers reused across calls (costWorkload never re-enters itself). Cost accumulates straight
// into [component][category] cells: allocating and summing per-op arrays made the placement search slow.
const K = components.length;
const scratch = { E: new Float64Array(K * N), D: new Float64Array(K * N), A: new Float64Array(K * N), own: new Float64Array(N) };

// Per-op schedule arrays, grown as needed and reused (allocating them per call slowed the placement search).
let sched = { charge: new Float64Array(0), hidden: new Uint8Array(0), compute: new Float64Array(0), write: new Float64Array(0) };
function scheduleScratch(n: number): typeof sched {
  if (sched.charge.length < n) {
    const m = Math.max(n, 2 * sched.charge.length);
    sched = { charge: new Float64Array(m), hidden: new Uint8Array(m), compute: new Float64Array(m), write: new Float64Array(m) };
  }
  return sched;
}

/** Adds a crossbar read (energy, delay or area) at cell offset `at`, split into array / DAC / ADC / shift-add. */
function addRead(v: Float64Array, at: number, amount: number, p: HwPreset, adcScale: number): void {
  const s = p.readSplit;
  v[at + CAT.crossbarRead] += amount * s.array;
  v[at + CAT.dac] += amount * s.dac;
  v[at + CAT.adc] += amount * s.adc * adcScale;
  v[at + CAT.shiftAdd] += amount * s.shiftAdd;
}

function slices(p: HwPreset, d: DeviceParams): number {
  return Math.ceil(p.precision.weightBits / d.bitsPerCell);
}

/** Prices a workload on a preset. */
export function costWorkload(workload: Workload, preset: HwPreset, options: CostOptions & { model?: string } = {}): CostReport {
  const p = preset;
  const { rows, cols, crossbarsPerPE, pesPerTile } = p.array;
  const perTile = crossbarsPerPE * pesPerTile;
  const st = p.devices[p.mapping.static];
  const dy = p.devices[p.mapping.dynamic];
  const bitScale = p.precision.inputBits / 8;
  const bytesPerEl = p.precision.inputBits / 8;
  const adcE = 2 ** (p.precision.adcBits - p.readSplit.adcBitsReference);
  const dg = p.digital;
  const cycle = dg.cycle_ns / 1000;
  const keepLayers = options.layers !== false;
  const ops = workload.ops;

  const placed = new Set<string>();
  const { E, D, A } = scratch;
  E.fill(0);
  D.fill(0);
  A.fill(0);
  const layers: LayerCost[] = [];
  let macs = 0;
  let counted = 0;
  let crossbarsTotal = 0;
  let tilesTotal = 0;
  let at = 0;

  const bufferEnergy = (bytes: number) => {
    E[at + CAT.buffers] += bytes * dg.bufferEnergyPerByte_pJ;
  };
  const bufferDelay = (out: Float64Array, bytes: number) => {
    out[CAT.buffers] += (bytes / dg.bufferBytesPerCycle) * cycle;
  };
  const place = (nx: number, dev: DeviceParams): number => {
    const tiles = Math.ceil(nx / perTile);
    addRead(A, at, tiles * perTile * dev.area_mm2, p, adcE);
    A[at + CAT.buffers] += tiles * p.area.tilePeriphery_mm2;
    tilesTotal += tiles;
    crossbarsTotal += tiles * perTile;
    return tiles * perTile;
  };
  const writeTime = (o: WorkloadOp) => (o.kind === "dynamic" ? o.k * dy.writeDelay_us : 0);

  // An op's own duration by category into out[0..N) (reads, digital work, buffers; not its operand's
  // write, which the write schedule places). Pure, so the schedule can look ahead.
  const delayInto = (o: WorkloadOp, out: Float64Array): number => {
    out.fill(0);
    switch (o.kind) {
      case "static": {
        const nx = Math.ceil(o.in / rows) * Math.ceil(o.out / cols) * slices(p, st);
        addRead(out, 0, o.tokens * st.readDelay_us * bitScale * Math.min(crossbarsPerPE, nx), p, 1);
        bufferDelay(out, o.tokens * (o.in + o.out) * bytesPerEl);
        break;
      }
      case "dynamic": {
        const nxHead = Math.ceil(o.k / rows) * Math.ceil(o.n / cols) * slices(p, dy);
        addRead(out, 0, o.m * dy.readDelay_us * bitScale * Math.min(crossbarsPerPE, nxHead), p, 1);
        bufferDelay(out, o.batch * (o.m * o.k + o.m * o.n + o.k * o.n) * bytesPerEl);
        break;
      }
      case "softmax":
        out[CAT.softmax] = o.rows * o.cols * dg.softmaxCyclesPerElement * cycle;
        break;
      case "layernorm":
        out[CAT.layernorm] = Math.ceil((o.tokens * o.dim) / dg.lanes) * dg.layerNormCyclesPerElement * cycle;
        break;
      case "elementwise":
        out[CAT.other] = Math.ceil(o.n / dg.lanes) * dg.elementwiseCyclesPerElement * cycle;
        break;
    }
    return sum(out);
  };

  // Prices one op's energy and area into the cells of its component (offset `at`) and returns the crossbars it places.
  const priceOp = (o: WorkloadOp): number => {
    switch (o.kind) {
      case "static": {
        const nx = Math.ceil(o.in / rows) * Math.ceil(o.out / cols) * slices(p, st);
        addRead(E, at, o.tokens * nx * st.readEnergy_pJ * bitScale, p, adcE);
        bufferEnergy(o.tokens * (o.in + o.out) * bytesPerEl);
        // Weight sharing: a group's crossbars are placed once however many ops read them.
        if (!placed.has(o.weightGroup)) {
          placed.add(o.weightGroup);
          return place(nx, st);
        }
        return 0;
      }
      case "dynamic": {
        const s = slices(p, dy);
        const colBlocks = Math.ceil(o.n / cols);
        const nxHead = Math.ceil(o.k / rows) * colBlocks * s;
        addRead(E, at, o.batch * o.m * nxHead * dy.readEnergy_pJ * bitScale, p, adcE);
        // Every operand row is written into each column-block and slice crossbar it spans.
        E[at + CAT.crossbarWrite] += o.batch * o.k * colBlocks * s * dy.writeEnergy_pJ;
        bufferEnergy(o.batch * (o.m * o.k + o.m * o.n + o.k * o.n) * bytesPerEl);
        return place(o.batch * nxHead, dy);
      }
      case "softmax":
        E[at + CAT.softmax] += o.heads * o.rows * o.cols * dg.softmaxCyclesPerElement * dg.opEnergy_pJ;
        A[at + CAT.softmax] += o.heads * p.area.softmaxUnit_mm2;
        return 0;
      case "layernorm":
        E[at + CAT.layernorm] += o.tokens * o.dim * dg.layerNormCyclesPerElement * dg.opEnergy_pJ;
        return 0;
      case "elementwise":
        E[at + CAT.other] += o.n * dg.elementwiseCyclesPerElement * dg.opEnergy_pJ;
        return 0;
      default:
        throw new HwSpecError(`op "${(o as WorkloadOp).name}" has unknown kind ${JSON.stringify((o as { kind: unknown }).kind)}; use static, dynamic, softmax, layernorm or elementwise`);
    }
  };

  // The write schedule: per op, the write time it adds to the delay and whether its own duration is on
  // the critical path (write-schedule.ts).
  const sched = scheduleScratch(ops.length);
  const { charge, hidden, compute, write } = sched;
  const own = scratch.own;
  for (let i = 0; i < ops.length; i++) {
    charge[i] = 0;
    hidden[i] = 0;
    const end = writeGroupEnd(ops, i);
    if (end < 0) continue;
    for (let j = i; j < end; j++) {
      compute[j] = delayInto(ops[j], own);
      write[j] = writeTime(ops[j]);
    }
    scheduleInto(compute, write, i, end, p.writes.sequencing, p.writes.contention, charge, hidden);
    i = end - 1;
  }

  const before = keepLayers ? new Float64Array(3 * N) : undefined;
  for (let oi = 0; oi < ops.length; oi++) {
    const op = ops[oi];
    const k = COMP[op.component];
    if (k === undefined) throw new HwSpecError(`op "${op.name}" has unknown component ${JSON.stringify(op.component)}; use one of ${components.join(", ")}`);
    at = N * k;
    if (before) {
      before.set(E.subarray(at, at + N), 0);
      before.set(D.subarray(at, at + N), N);
      before.set(A.subarray(at, at + N), 2 * N);
    }
    const xbars = priceOp(op);
    const busy = delayInto(op, own);
    if (!hidden[oi]) for (let c = 0; c < N; c++) D[at + c] += own[c];
    D[at + CAT.crossbarWrite] += charge[oi];
    const m = opMacs(op);
    macs += m;
    if (p.metrics.countEmbedAndHead || (op.component !== "embed" && op.component !== "head")) counted += m;
    if (before) {
      layers.push({
        block: op.block,
        component: op.component,
        name: op.name,
        macs: m,
        crossbars: xbars,
        busy_ms: (busy + writeTime(op)) * 1e-3,
        energy_mJ: values(E, at, 1e-9, before, 0),
        delay_ms: values(D, at, 1e-3, before, N),
        area_mm2: values(A, at, 1, before, 2 * N),
      });
    }
  }

  // Chip-level units shared by all layers: the global LayerNorm unit and the global buffer.
  at = N * COMP.other;
  A[at + CAT.layernorm] += p.area.layerNormUnit_mm2;
  A[at + CAT.buffers] += p.area.globalBuffer_mm2;
  if (keepLayers) {
    const chip = new Float64Array(N);
    chip[CAT.layernorm] = p.area.layerNormUnit_mm2;
    chip[CAT.buffers] = p.area.globalBuffer_mm2;
    layers.push({ block: null, component: "other", name: "chip", macs: 0, crossbars: 0, busy_ms: 0, ...triple(new Float64Array(N), new Float64Array(N), chip) });
  }

  // Totals per category (summed over components) and per component (summed over categories).
  const energy = new Float64Array(N);
  const delay = new Float64Array(N);
  const area = new Float64Array(N);
  const compOut = {} as Record<Component, ComponentCost>;
  const compSums: number[][] = [];
  let edapSum = 0;
  for (let k = 0; k < K; k++) {
    let ce = 0;
    let cd = 0;
    let ca = 0;
    for (let i = 0; i < N; i++) {
      energy[i] += E[k * N + i];
      delay[i] += D[k * N + i];
      area[i] += A[k * N + i];
      ce += E[k * N + i];
      cd += D[k * N + i];
      ca += A[k * N + i];
    }
    compSums.push([ce, cd, ca]);
    edapSum += ce * cd * ca;
  }
  components.forEach((name, k) => {
    const [ce, cd, ca] = compSums[k];
    compOut[name] = { energy_mJ: ce * 1e-9, delay_ms: cd * 1e-3, area_mm2: ca, edapShare: edapSum > 0 ? (ce * cd * ca) / edapSum : 0 };
  });
  const energy_mJ = sum(energy) * 1e-9;
  const delay_ms = sum(delay) * 1e-3;
  const area_mm2 = sum(area);
  const ops_ = counted * p.metrics.opsPerMac;
  const report: CostReport = {
    model: options.model ?? "",
    preset: p.id,
    energy_mJ,
    delay_ms,
    area_mm2,
    edap: energy_mJ * delay_ms * area_mm2,
    tops_per_w: ops_ / (energy_mJ * 1e-3) / 1e12,
    tops_per_mm2: ops_ / (delay_ms * 1e-3) / area_mm2 / 1e12,
    throughput_per_s: 1000 / delay_ms,
    ops: ops_,
    macs,
    crossbars: crossbarsTotal,
    tiles: tilesTotal,
    breakdown: { ...triple(energy, delay, area), components: compOut },
  };
  if (keepLayers) report.layers = layers;
  return report;
}

/** Prices one inference of `spec` on `preset` (validates the spec). */
export function costSpec(spec: TransformerSpec, preset: HwPreset, options: CostOptions = {}): CostReport {
  return costWorkload(workloadFromSpec(spec), preset, { ...options, model: spec.name });
}

function sum(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}

/** Cells at..at+N of v (minus `minus` from offset `off`, when given) as named categories, scaled. */
function values(v: Float64Array, at: number, scale: number, minus?: Float64Array, off = 0): CategoryValues {
  const x = (c: number) => (v[at + c] - (minus ? minus[off + c] : 0)) * scale;
  return {
    crossbarRead: x(CAT.crossbarRead),
    crossbarWrite: x(CAT.crossbarWrite),
    adc: x(CAT.adc),
    dac: x(CAT.dac),
    shiftAdd: x(CAT.shiftAdd),
    buffers: x(CAT.buffers),
    softmax: x(CAT.softmax),
    layernorm: x(CAT.layernorm),
    other: x(CAT.other),
  };
}

function triple(e: Float64Array, d: Float64Array, a: Float64Array) {
  return { energy_mJ: values(e, 0, 1e-9), delay_ms: values(d, 0, 1e-3), area_mm2: values(a, 0, 1) };
}
