import type { Tensor } from "@trex/tensor";
import { Parameter } from "@trex/tensor";
import { WeightLoadError } from "./errors.js";

/** A named tensor as the ONNX importer or a checkpoint provides it: any {data, shape}. */
export interface NamedTensorLike {
  readonly data: ArrayLike<number>;
  readonly shape: readonly number[];
}

export type NamedTensorSource = ReadonlyMap<string, NamedTensorLike> | Readonly<Record<string, NamedTensorLike>> | Iterable<readonly [string, NamedTensorLike]>;

export interface LoadNamedOptions {
  /** Throw on missing or unexpected names (default true). Shape and NaN checks always apply. */
  strict?: boolean;
}

export interface LoadNamedReport {
  loaded: string[];
  /** Model tensors not in the source (left as they were). */
  missing: string[];
  /** Source names the model does not have. */
  unexpected: string[];
  /** Source names ignored on purpose (PyTorch's BatchNorm num_batches_tracked counters). */
  ignored: string[];
}

// PyTorch state_dicts carry these counters; they do not affect inference.
const IGNORED = /(^|\.)num_batches_tracked$/;

function entries(src: NamedTensorSource): [string, NamedTensorLike][] {
  if (src instanceof Map) return [...src];
  if (Symbol.iterator in (src as object)) return [...(src as Iterable<readonly [string, NamedTensorLike]>)].map(([k, v]) => [k, v]);
  return Object.entries(src as Record<string, NamedTensorLike>);
}

const fmt = (s: readonly number[]) => `[${s.join(", ")}]`;

/**
 * Copies named tensors into `target` (name → model tensor, aliases of shared tensors included). Everything
 * is checked before anything is written, so a failed load leaves the model unchanged.
 */
export function loadNamedInto(target: ReadonlyMap<string, Tensor>, src: NamedTensorSource, options: LoadNamedOptions = {}): LoadNamedReport {
  const strict = options.strict ?? true;
  const report: LoadNamedReport = { loaded: [], missing: [], unexpected: [], ignored: [] };
  const plan: [Tensor, ArrayLike<number>, string][] = [];
  const seen = new Set<string>();
  const writtenBy = new Map<Tensor, [string, ArrayLike<number>]>();
  for (const [name, v] of entries(src)) {
    if (IGNORED.test(name)) {
      report.ignored.push(name);
      continue;
    }
    const t = target.get(name);
    if (!t) {
      report.unexpected.push(name);
      continue;
    }
    seen.add(name);
    const shape = [...v.shape];
    const n = shape.reduce((a, b) => a * b, 1);
    // A PyTorch [1, 1, d] token and our [1, 1, d] match exactly; only the element order must agree.
    if (shape.length !== t.shape.length || shape.some((d, i) => d !== t.shape[i]) || v.data.length !== n) {
      throw new WeightLoadError(name, `tensor "${name}" has shape ${fmt(shape)} (${v.data.length} values) but the model expects ${fmt(t.shape)}; check the architecture config (dim, heads, depth, classes, image size)`);
    }
    for (let i = 0; i < v.data.length; i++) {
      if (!Number.isFinite(v.data[i])) {
        throw new WeightLoadError(name, `tensor "${name}" holds a non-finite value (${v.data[i]}) at flat index ${i}; the checkpoint is corrupt`);
      }
    }
    const prev = writtenBy.get(t);
    if (prev) {
      // Weight sharing: several names reach one tensor; they must agree.
      for (let i = 0; i < n; i++) {
        if (Math.fround(prev[1][i]) !== Math.fround(v.data[i])) {
          throw new WeightLoadError(name, `tensor "${name}" is shared with "${prev[0]}" in this model but the source gives them different values`);
        }
      }
      continue;
    }
    writtenBy.set(t, [name, v.data]);
    plan.push([t, v.data, name]);
  }
  for (const [name, t] of target) if (!seen.has(name) && ![...writtenBy.keys()].includes(t)) report.missing.push(name);
  if (strict && report.missing.length) {
    throw new WeightLoadError(report.missing[0], `missing ${report.missing.length} tensor(s): ${report.missing.slice(0, 8).join(", ")}${report.missing.length > 8 ? ", ..." : ""}; pass {strict: false} to keep their current values`);
  }
  if (strict && report.unexpected.length) {
    throw new WeightLoadError(report.unexpected[0], `unexpected tensor(s) not in this model: ${report.unexpected.slice(0, 8).join(", ")}${report.unexpected.length > 8 ? ", ..." : ""}; check the model id or pass {strict: false}`);
  }
  for (const [t, data, name] of plan) {
    if (t instanceof Parameter) t.assign(data);
    else t.data.set(data);
    report.loaded.push(name);
  }
  return report;
}
