import { type Optimizer, type ParamGroup, checkHyper, toGroups } from "./optimizer.js";
import type { Parameter } from "./tensor.js";

export interface SgdOptions {
  lr: number;
  /** Momentum μ; default 0 (plain SGD). */
  momentum?: number;
  /** Dampening of the momentum buffer; default 0. */
  dampening?: number;
  /** L2 weight decay added to the gradient (g ← g + λ·p); default 0. */
  weightDecay?: number;
  /** Nesterov momentum; default false. */
  nesterov?: boolean;
}

/**
 * SGD with momentum, PyTorch's update: g ← g + λ·p; b ← g on the first step, else μ·b + (1 − dampening)·g;
 * g ← g + μ·b (Nesterov) or b; p ← p − lr·g.
 */
export class Sgd implements Optimizer {
  lr: number;
  readonly params: readonly Parameter[];
  private readonly groups: ParamGroup[];
  private readonly momentum: number;
  private readonly dampening: number;
  private readonly weightDecay: number;
  private readonly nesterov: boolean;
  private readonly buf = new Map<Parameter, Float32Array>();

  constructor(params: readonly Parameter[] | readonly ParamGroup[], opts: SgdOptions) {
    this.groups = toGroups(params);
    this.params = this.groups.flatMap((g) => g.params);
    this.lr = opts.lr;
    this.momentum = opts.momentum ?? 0;
    this.dampening = opts.dampening ?? 0;
    this.weightDecay = opts.weightDecay ?? 0;
    this.nesterov = opts.nesterov ?? false;
    checkHyper("Sgd", "lr", this.lr);
    checkHyper("Sgd", "momentum", this.momentum);
    checkHyper("Sgd", "dampening", this.dampening);
    checkHyper("Sgd", "weightDecay", this.weightDecay);
  }

  step(): void {
    checkHyper("Sgd", "lr", this.lr);
    const { lr, momentum: mu, dampening } = this;
    for (const group of this.groups) {
      const wd = group.weightDecay ?? this.weightDecay;
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        const d = p.data;
        let b = this.buf.get(p);
        const first = b === undefined;
        if (mu !== 0 && b === undefined) {
          b = new Float32Array(p.size);
          this.buf.set(p, b);
        }
        for (let i = 0; i < d.length; i++) {
          let gi = g[i] + wd * d[i];
          if (b !== undefined) {
            const bi = first ? gi : mu * b[i] + (1 - dampening) * gi;
            b[i] = bi;
            gi = this.nesterov ? gi + mu * bi : bi;
          }
          d[i] -= lr * gi;
        }
        p.markUpdated();
      }
    }
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }
}
