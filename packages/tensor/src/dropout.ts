import { ArgumentError } from "./errors.js";
import type { Rng } from "./rng.js";
import { type Tensor, makeResult } from "./tensor.js";

/**
 * Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1 − p). The mask is
 * drawn from `rng`, so a seeded Rng reproduces it. Identity when `training` is false or p = 0.
 */
export function dropout(x: Tensor, p: number, rng: Rng, training = true): Tensor {
  if (!(p >= 0 && p < 1)) throw new ArgumentError(`dropout: p = ${p} must be in [0, 1).`);
  if (!training || p === 0) return x;
  const keep = 1 / (1 - p);
  const mask = new Float32Array(x.size);
  for (let i = 0; i < mask.length; i++) mask[i] = rng.uniform() >= p ? keep : 0;
  const out = new Float32Array(x.size);
  for (let i = 0; i < out.length; i++) out[i] = x.data[i] * mask[i];
  return makeResult("dropout", out, x.shape, [x], (g) => {
    const gx = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) gx[i] = g[i] * mask[i];
    return [gx];
  });
}
