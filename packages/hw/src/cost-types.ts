// The shape of a cost report: totals, the paper's metrics and breakdowns per cost category, per
// component and (optionally) per layer.
import type { Component } from "./ops.js";

/** Where cost goes: the crossbar array itself, its periphery, data movement and the digital units. */
export const costCategories = ["crossbarRead", "crossbarWrite", "adc", "dac", "shiftAdd", "buffers", "softmax", "layernorm", "other"] as const;
export type CostCategory = (typeof costCategories)[number];
export type CategoryValues = Record<CostCategory, number>;

/** Energy (mJ), delay (ms) and area (mm²) of one part, split by category. */
export interface CostTriple {
  energy_mJ: CategoryValues;
  delay_ms: CategoryValues;
  area_mm2: CategoryValues;
}

/** One op of the workload with its cost ("chip" rows hold the shared LayerNorm unit and global buffer). */
export interface LayerCost extends CostTriple {
  block: number | null;
  component: Component;
  name: string;
  macs: number;
  /** Crossbars the op occupies (0 when its weight group was already placed, or for digital ops). */
  crossbars: number;
  /**
   * How long the op itself runs, ms: its reads, digital work and buffers plus, for a dynamic product,
   * writing its operand. `delay_ms` is what it adds to the inference's delay (its part of the critical
   * path): less when it runs while an operand is still being written (`writes.sequencing` "overlap").
   */
  busy_ms: number;
}

export interface ComponentCost {
  energy_mJ: number;
  delay_ms: number;
  area_mm2: number;
  /**
   * The component's EDAP (its own energy × its delay on the critical path × its area, as the paper's
   * per-block X_attn, X_proj, X_MLP) over the sum of that product over all components (CALIBRATION.md §4).
   */
  edapShare: number;
}

export interface CostReport {
  model: string;
  preset: string;
  energy_mJ: number;
  delay_ms: number;
  area_mm2: number;
  /** energy_mJ · delay_ms · area_mm2 (mJ·ms·mm²). */
  edap: number;
  tops_per_w: number;
  tops_per_mm2: number;
  /** Inferences per second, one inference at a time (1000 / delay_ms). */
  throughput_per_s: number;
  /** Ops behind TOPS (MACs × opsPerMac, over the ops the preset counts). */
  ops: number;
  macs: number;
  crossbars: number;
  tiles: number;
  breakdown: CostTriple & { components: Record<Component, ComponentCost> };
  /** Present unless costSpec was asked for { layers: false }. */
  layers?: LayerCost[];
}
