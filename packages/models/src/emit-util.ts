import type { Parameter, Tensor } from "@trex/tensor";
import type { GraphEmitter } from "./graph-emitter.js";

// Small helpers shared by the modules' emit methods.

const emitted = new WeakMap<GraphEmitter, Map<Tensor, string>>();

/** The value name of a trained tensor, adding it as an initializer the first time (shared weights once). */
export function initValue(g: GraphEmitter, t: Parameter | Tensor, fallbackName: string): string {
  let cache = emitted.get(g);
  if (!cache) {
    cache = new Map();
    emitted.set(g, cache);
  }
  const hit = cache.get(t);
  if (hit !== undefined) return hit;
  const name = (t as Parameter).name ?? fallbackName;
  const v = g.initializer(name, t);
  cache.set(t, v);
  return v;
}

/** One output of an op. */
export function op1(g: GraphEmitter, type: string, inputs: readonly string[], attrs?: Parameters<GraphEmitter["op"]>[2], name?: string): string {
  return g.op(type, inputs, attrs, name ? { name } : undefined)[0];
}

export function scalarConst(g: GraphEmitter, hint: string, v: number): string {
  return g.constant(hint, "float32", [], [v]);
}

export function intsConst(g: GraphEmitter, hint: string, v: readonly number[]): string {
  return g.constant(hint, "int64", [v.length], v);
}

/** Exact GELU as PyTorch exports it: x · 0.5 · (1 + erf(x / √2)). */
export function emitGelu(g: GraphEmitter, x: string, scope: string): string {
  const d = op1(g, "Div", [x, scalarConst(g, "sqrt2", Math.SQRT2)], undefined, `${scope}/Div`);
  const e = op1(g, "Erf", [d], undefined, `${scope}/Erf`);
  const a = op1(g, "Add", [e, scalarConst(g, "one", 1)], undefined, `${scope}/Add`);
  const m = op1(g, "Mul", [x, a], undefined, `${scope}/Mul`);
  return op1(g, "Mul", [m, scalarConst(g, "half", 0.5)], undefined, `${scope}/Mul_1`);
}
