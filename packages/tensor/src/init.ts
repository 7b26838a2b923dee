import { ArgumentError, ShapeError, fmtShape } from "./errors.js";
import type { Rng } from "./rng.js";
import { Parameter, type Shape, Tensor, sizeOf } from "./tensor.js";

/** A tensor of Normal(mean, std) draws. */
export function randn(shape: Shape, rng: Rng, std = 1, mean = 0): Tensor {
  return new Tensor(rng.fillNormal(new Float32Array(sizeOf(shape)), mean, std), shape);
}

/** A tensor of Uniform[lo, hi) draws. */
export function rand(shape: Shape, rng: Rng, lo = 0, hi = 1): Tensor {
  return new Tensor(rng.fillUniform(new Float32Array(sizeOf(shape)), lo, hi), shape);
}

function written(t: Tensor): void {
  if (t instanceof Parameter) t.markUpdated();
}

export interface TruncNormalOptions {
  mean?: number;
  std?: number;
  /** Lower cut in absolute units (default mean − 2·std). */
  lo?: number;
  /** Upper cut in absolute units (default mean + 2·std). */
  hi?: number;
}

/**
 * Fills t in place with Normal(mean, std) truncated to [lo, hi] (rejection sampling). Note the cut is
 * absolute, like torch.nn.init.trunc_normal_'s a/b, but defaults to ±2 std rather than ±2.
 */
export function truncNormal_<T extends Tensor>(t: T, rng: Rng, opts: TruncNormalOptions = {}): T {
  const mean = opts.mean ?? 0;
  const std = opts.std ?? 1;
  const lo = opts.lo ?? mean - 2 * std;
  const hi = opts.hi ?? mean + 2 * std;
  if (!(std > 0) || !(lo < hi) || hi < mean - 6 * std || lo > mean + 6 * std) {
    throw new ArgumentError(`truncNormal_: need std > 0 and a window [${lo}, ${hi}] near mean ${mean} (std ${std}).`);
  }
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    let v: number;
    do v = rng.normal(mean, std);
    while (v < lo || v > hi);
    d[i] = v;
  }
  written(t);
  return t;
}

/** Fan-in and fan-out of a weight: [out, in] for Linear, [O, C, kh, kw] for conv (PyTorch convention). */
export function fans(shape: Shape): { fanIn: number; fanOut: number } {
  if (shape.length < 2) throw new ShapeError(`fans: weight ${fmtShape(shape)} needs rank >= 2.`);
  const rf = sizeOf(shape.slice(2));
  return { fanIn: shape[1] * rf, fanOut: shape[0] * rf };
}

/** Xavier/Glorot uniform: U(−a, a) with a = gain·√(6/(fanIn + fanOut)). */
export function xavierUniform_<T extends Tensor>(t: T, rng: Rng, gain = 1): T {
  const { fanIn, fanOut } = fans(t.shape);
  const a = gain * Math.sqrt(6 / (fanIn + fanOut));
  rng.fillUniform(t.data, -a, a);
  written(t);
  return t;
}

/** Xavier/Glorot normal: N(0, std²) with std = gain·√(2/(fanIn + fanOut)). */
export function xavierNormal_<T extends Tensor>(t: T, rng: Rng, gain = 1): T {
  const { fanIn, fanOut } = fans(t.shape);
  rng.fillNormal(t.data, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
  written(t);
  return t;
}

/** Fills t with a constant in place. */
export function fill_<T extends Tensor>(t: T, value: number): T {
  t.data.fill(value);
  written(t);
  return t;
}

/** A new named Parameter of zeros (fill it with an init helper). */
export function parameter(shape: Shape, name?: string): Parameter {
  return new Parameter(new Float32Array(sizeOf(shape)), shape, name);
}
