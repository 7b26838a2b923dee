import { ArgumentError } from "./errors.js";

export interface WarmupCosineOptions {
  /** Learning rate at the end of warmup. */
  peakLr: number;
  /** Linear warmup steps (lr = peak·(step+1)/warmupSteps). */
  warmupSteps: number;
  /** Total steps; cosine decay runs from warmupSteps to totalSteps. */
  totalSteps: number;
  /** Floor of the cosine; default 0. */
  minLr?: number;
}

/** Linear warmup then cosine decay to minLr; returns lr for a 0-based step (constant minLr afterwards). */
export function warmupCosine(opts: WarmupCosineOptions): (step: number) => number {
  const { peakLr, warmupSteps, totalSteps } = opts;
  const minLr = opts.minLr ?? 0;
  if (!(Number.isInteger(warmupSteps) && Number.isInteger(totalSteps) && warmupSteps >= 0 && totalSteps > warmupSteps)) {
    throw new ArgumentError(`warmupCosine: need integers 0 <= warmupSteps (${warmupSteps}) < totalSteps (${totalSteps}).`);
  }
  if (!(peakLr >= minLr && minLr >= 0)) throw new ArgumentError(`warmupCosine: need peakLr (${peakLr}) >= minLr (${minLr}) >= 0.`);
  return (step: number) => {
    if (step < warmupSteps) return (peakLr * (step + 1)) / warmupSteps;
    const progress = Math.min((step - warmupSteps) / (totalSteps - warmupSteps), 1);
    return minLr + 0.5 * (peakLr - minLr) * (1 + Math.cos(Math.PI * progress));
  };
}
