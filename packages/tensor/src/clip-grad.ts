import { ArgumentError, NonFiniteError } from "./errors.js";
import type { Tensor } from "./tensor.js";

/**
 * Scales all gradients so their global L2 norm is at most maxNorm (torch clip_grad_norm_, factor
 * maxNorm/(norm + 1e-6)). Returns the norm before clipping. A NaN/∞ norm throws NonFiniteError unless
 * allowNonFinite is set, since stepping on it would destroy the weights.
 */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number, allowNonFinite = false): number {
  if (!(maxNorm > 0)) throw new ArgumentError(`clipGradNorm: maxNorm = ${maxNorm} must be > 0.`);
  let sq = 0;
  for (const p of params) {
    const g = p.grad;
    if (g === null) continue;
    for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
  }
  const norm = Math.sqrt(sq);
  if (!Number.isFinite(norm)) {
    if (allowNonFinite) return norm;
    throw new NonFiniteError(`clipGradNorm: the gradient norm is ${norm}; lower the learning rate or check the loss.`);
  }
  const scale = maxNorm / (norm + 1e-6);
  if (scale < 1) {
    for (const p of params) {
      const g = p.grad;
      if (g !== null) for (let i = 0; i < g.length; i++) g[i] *= scale;
    }
  }
  return norm;
}
