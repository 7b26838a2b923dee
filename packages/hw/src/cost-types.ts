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
}

export interface ComponentCost {
  energy_mJ: number;
  delay_ms: number;
  area_mm2: number;
  /** E·D·A of this component over the sum of E·D·A over all components. */
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
