import { type AdamW, type Parameter, Tensor } from "@trex/tensor";
import { CheckpointError } from "./errors.js";

// @trex/tensor's AdamW keeps its moments in private fields and has no state-dict API; resuming
// bit-identically needs them, so this file is the one place that reads and writes them. The resume test
// (trainer.test.ts) fails if that layout ever changes.
interface AdamWInternals {
  m: Map<Parameter, Float32Array>;
  v: Map<Parameter, Float32Array>;
  t: number;
}

const internals = (opt: AdamW) => opt as unknown as AdamWInternals;

/** AdamW's step count and moments as named tensors (`optim.m/<param>`, `optim.v/<param>`). */
export function exportAdamW(opt: AdamW, names: ReadonlyMap<Parameter, string>): { step: number; tensors: [string, Tensor][] } {
  const s = internals(opt);
  const tensors: [string, Tensor][] = [];
  for (const [p, m] of s.m) {
    const name = names.get(p);
    const v = s.v.get(p);
    if (name === undefined || v === undefined) continue;
    tensors.push([`optim.m/${name}`, new Tensor(m.slice(), [m.length])], [`optim.v/${name}`, new Tensor(v.slice(), [v.length])]);
  }
  return { step: s.t, tensors };
}

/** Restores what exportAdamW saved into a fresh AdamW over the same parameters. */
export function importAdamW(opt: AdamW, step: number, tensors: ReadonlyMap<string, Tensor>, byName: ReadonlyMap<string, Parameter>): void {
  const s = internals(opt);
  s.t = step;
  s.m.clear();
  s.v.clear();
  for (const [key, t] of tensors) {
    const m = /^optim\.([mv])\/(.+)$/.exec(key);
    if (!m) continue;
    const p = byName.get(m[2]);
    if (!p) throw new CheckpointError(`optimizer state for "${m[2]}" has no matching parameter; resume with the model the checkpoint was saved from`);
    if (t.size !== p.size) throw new CheckpointError(`optimizer state for "${m[2]}" has ${t.size} values, the parameter ${p.size}`);
    (m[1] === "m" ? s.m : s.v).set(p, t.data.slice());
  }
}
