// The cost model (TReXSim-style). Units inside: pJ, µs, mm². Equations (see README):
//   slices s = ceil(weightBits / bitsPerCell); N_X = ceil(in/rows) · ceil(out/cols) · s
//   read  E = vectors · N_X · E_R · b/8           D = vectors · D_R · b/8 · min(N_X,PE, N_X)
//   write E = rows_written · ceil(n/cols) · s · E_W (per head)   D = k · D_W (row by row)
//   softmax E = heads · t_r · t_c · c_s · e_op      D = t_r · t_c · c_s · cycle (one unit per head)
//   area = allocated tiles · (crossbars per tile · A_X + tile periphery) + units
import type { Component, WorkloadOp, Workload } from "./ops.js";
import type { DeviceParams, HwPreset } from "./preset.js";
import type { CategoryValues, ComponentCost, CostReport, LayerCost } from "./cost-types.js";
import { costCategories, zeroCategories } from "./cost-types.js";
import type { TransformerSpec } from "./structure.js";
import { opMacs, workloadFromSpec } from "./workload.js";

export interface CostOptions {
  /** Include the per-op `layers` list (default true; off is faster for searches). */
  layers?: boolean;
}

const CAT = Object.fromEntries(costCategories.map((c, i) => [c, i])) as Record<(typeof costCategories)[number], number>;
const N = costCategories.length;
const components: Component[] = ["attention", "projection", "mlp", "transform", "embed", "head", "other"];
const COMP = Object.fromEntries(components.map((c, i) => [c, i])) as Record<Component, number>;

// Scratch buffers reused across calls (costWorkload never re-enters itself): allocating typed arrays
// per call made garbage collection the largest cost of a placement search.
const scratch = {
  energy: new Float64Array(N),
  delay: new Float64Array(N),
  area: new Float64Array(N),
  e: new Float64Array(N),
  d: new Float64Array(N),
  a: new Float64Array(N),
  comp: new Float64Array(3 * components.length),
};

/** Adds a crossbar read (energy or delay or area amount) split into array / DAC / ADC / shift-add. */
function addRead(v: Float64Array, amount: number, p: HwPreset, adcScale: number): void {
  const s = p.readSplit;
  v[CAT.crossbarRead] += amount * s.array;
  v[CAT.dac] += amount * s.dac;
  v[CAT.adc] += amount * s.adc * adcScale;
  v[CAT.shiftAdd] += amount * s.shiftAdd;
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

  // Phase writes: a block's run-time operands are written together; the phase lasts the longest write.
  const phaseWrite = new Map<number, number>();
  if (p.writes.sequencing === "phase") {
    for (const op of ops) {
      if (op.kind !== "dynamic" || op.block === null) continue;
      phaseWrite.set(op.block, Math.max(phaseWrite.get(op.block) ?? 0, op.k * dy.writeDelay_us));
    }
  }
  const placed = new Set<string>();
  const { energy, delay, area, e, d, a, comp } = scratch;
  for (const v of [energy, delay, area, comp]) v.fill(0);
  const layers: LayerCost[] = [];
  let macs = 0;
  let counted = 0;
  let crossbarsTotal = 0;
  let tilesTotal = 0;

  const buffer = (bytes: number) => {
    e[CAT.buffers] += bytes * dg.bufferEnergyPerByte_pJ;
    d[CAT.buffers] += (bytes / dg.bufferBytesPerCycle) * cycle;
  };
  const place = (nx: number, dev: DeviceParams): number => {
    const tiles = Math.ceil(nx / perTile);
    addRead(a, tiles * perTile * dev.area_mm2, p, adcE);
    a[CAT.buffers] += tiles * p.area.tilePeriphery_mm2;
    tilesTotal += tiles;
    crossbarsTotal += tiles * perTile;
    return tiles * perTile;
  };

  // Prices one op into e/d/a and returns the crossbars it places (one closure, made once).
  const priceOp = (o: WorkloadOp): number => {
    switch (o.kind) {
      case "static": {
        const nx = Math.ceil(o.in / rows) * Math.ceil(o.out / cols) * slices(p, st);
        addRead(e, o.tokens * nx * st.readEnergy_pJ * bitScale, p, adcE);
        addRead(d, o.tokens * st.readDelay_us * bitScale * Math.min(crossbarsPerPE, nx), p, 1);
        buffer(o.tokens * (o.in + o.out) * bytesPerEl);
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
        addRead(e, o.batch * o.m * nxHead * dy.readEnergy_pJ * bitScale, p, adcE);
        addRead(d, o.m * dy.readDelay_us * bitScale * Math.min(crossbarsPerPE, nxHead), p, 1);
        // Every operand row is written into each column-block and slice crossbar it spans.
        e[CAT.crossbarWrite] += o.batch * o.k * colBlocks * s * dy.writeEnergy_pJ;
        if (o.block !== null && phaseWrite.has(o.block)) {
          d[CAT.crossbarWrite] += phaseWrite.get(o.block)!;
          phaseWrite.delete(o.block); // the phase is charged once, to the block's first run-time product
        } else if (p.writes.sequencing === "serial" || o.block === null) {
          d[CAT.crossbarWrite] += o.k * dy.writeDelay_us;
        }
        buffer(o.batch * (o.m * o.k + o.m * o.n + o.k * o.n) * bytesPerEl);
        return place(o.batch * nxHead, dy);
      }
      case "softmax":
        e[CAT.softmax] += o.heads * o.rows * o.cols * dg.softmaxCyclesPerElement * dg.opEnergy_pJ;
        d[CAT.softmax] += o.rows * o.cols * dg.softmaxCyclesPerElement * cycle;
        a[CAT.softmax] += o.heads * p.area.softmaxUnit_mm2;
        return 0;
      case "layernorm":
        e[CAT.layernorm] += o.tokens * o.dim * dg.layerNormCyclesPerElement * dg.opEnergy_pJ;
        d[CAT.layernorm] += Math.ceil((o.tokens * o.dim) / dg.lanes) * dg.layerNormCyclesPerElement * cycle;
        return 0;
      case "elementwise":
        e[CAT.other] += o.n * dg.elementwiseCyclesPerElement * dg.opEnergy_pJ;
        d[CAT.other] += Math.ceil(o.n / dg.lanes) * dg.elementwiseCyclesPerElement * cycle;
        return 0;
    }
  };

  for (const op of ops) {
    e.fill(0);
    d.fill(0);
    a.fill(0);
    const xbars = priceOp(op);
    const m = opMacs(op);
    macs += m;
    if (p.metrics.countEmbedAndHead || (op.component !== "embed" && op.component !== "head")) counted += m;
    let se = 0;
    let sd = 0;
    let sa = 0;
    for (let i = 0; i < N; i++) {
      energy[i] += e[i];
      delay[i] += d[i];
      area[i] += a[i];
      se += e[i];
      sd += d[i];
      sa += a[i];
    }
    const c = 3 * COMP[op.component];
    comp[c] += se;
    comp[c + 1] += sd;
    comp[c + 2] += sa;
    if (keepLayers) layers.push({ block: op.block, component: op.component, name: op.name, macs: m, crossbars: xbars, ...triple(e, d, a) });
  }

  // Chip-level units shared by all layers: the global LayerNorm unit and the global buffer.
  e.fill(0);
  d.fill(0);
  a.fill(0);
  a[CAT.layernorm] = p.area.layerNormUnit_mm2;
  a[CAT.buffers] = p.area.globalBuffer_mm2;
  area[CAT.layernorm] += a[CAT.layernorm];
  area[CAT.buffers] += a[CAT.buffers];
  comp[3 * COMP.other + 2] += a[CAT.layernorm] + a[CAT.buffers];
  if (keepLayers) layers.push({ block: null, component: "other", name: "chip", macs: 0, crossbars: 0, ...triple(e, d, a) });

  const energy_mJ = sum(energy) * 1e-9;
  const delay_ms = sum(delay) * 1e-3;
  const area_mm2 = sum(area);
  const ops_ = counted * p.metrics.opsPerMac;
  let edapSum = 0;
  for (let i = 0; i < comp.length; i += 3) edapSum += comp[i] * comp[i + 1] * comp[i + 2];
  const compOut = {} as Record<Component, ComponentCost>;
  components.forEach((name, k) => {
    const [ce, cd, ca] = [comp[3 * k], comp[3 * k + 1], comp[3 * k + 2]];
    compOut[name] = { energy_mJ: ce * 1e-9, delay_ms: cd * 1e-3, area_mm2: ca, edapShare: edapSum > 0 ? (ce * cd * ca) / edapSum : 0 };
  });
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
  for (const x of v) s += x;
  return s;
}

function values(v: Float64Array, scale: number): CategoryValues {
  const out = zeroCategories();
  costCategories.forEach((c, i) => {
    out[c] = v[i] * scale;
  });
  return out;
}

function triple(e: Float64Array, d: Float64Array, a: Float64Array) {
  return { energy_mJ: values(e, 1e-9), delay_ms: values(d, 1e-3), area_mm2: values(a, 1) };
}
