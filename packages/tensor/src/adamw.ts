import { ArgumentError } from "./errors.js";
import { type Optimizer, type ParamGroup, checkHyper, toGroups } from "./optimizer.js";
import type { Parameter } from "./tensor.js";

export interface AdamWOptions {
  lr: number;
  /** (β1, β2); default (0.9, 0.999). */
  betas?: readonly [number, number];
  /** Added to √v̂; default 1e-8. */
  eps?: number;
  /** Decoupled weight decay λ (p ← p − lr·λ·p before the Adam step); default 0.01. */
  weightDecay?: number;
}

/**
 * AdamW (Loshchilov & Hutter), PyTorch's update: p ← p·(1 − lr·λ); m ← β1·m + (1−β1)·g;
 * v ← β2·v + (1−β2)·g²; p ← p − lr·(m/(1−β1ᵗ)) / (√(v/(1−β2ᵗ)) + eps).
 */
export class AdamW implements Optimizer {
  lr: number;
  readonly params: readonly Parameter[];
  private readonly groups: ParamGroup[];
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private readonly weightDecay: number;
  private readonly m = new Map<Parameter, Float32Array>();
  private readonly v = new Map<Parameter, Float32Array>();
  private t = 0;

  constructor(params: readonly Parameter[] | readonly ParamGroup[], opts: AdamWOptions) {
    this.groups = toGroups(params);
    this.params = this.groups.flatMap((g) => g.params);
    this.lr = opts.lr;
    [this.beta1, this.beta2] = opts.betas ?? [0.9, 0.999];
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? 0.01;
    checkHyper("AdamW", "lr", this.lr);
    checkHyper("AdamW", "eps", this.eps);
    checkHyper("AdamW", "weightDecay", this.weightDecay);
    if (!(this.beta1 >= 0 && this.beta1 < 1 && this.beta2 >= 0 && this.beta2 < 1)) {
      throw new ArgumentError(`AdamW: betas (${this.beta1}, ${this.beta2}) must be in [0, 1).`);
    }
  }

  /** Number of steps taken. */
  get stepCount(): number {
    return this.t;
  }

  step(): void {
    checkHyper("AdamW", "lr", this.lr);
    this.t++;
    const { beta1: b1, beta2: b2, eps, lr } = this;
    const bc1 = 1 - b1 ** this.t;
    const bc2 = 1 - b2 ** this.t;
    for (const group of this.groups) {
      const decay = 1 - lr * (group.weightDecay ?? this.weightDecay);
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        let m = this.m.get(p);
        let v = this.v.get(p);
        if (m === undefined || v === undefined) {
          m = new Float32Array(p.size);
          v = new Float32Array(p.size);
          this.m.set(p, m);
          this.v.set(p, v);
        }
        const d = p.data;
        for (let i = 0; i < d.length; i++) {
          const gi = g[i];
          const mi = b1 * m[i] + (1 - b1) * gi;
          const vi = b2 * v[i] + (1 - b2) * gi * gi;
          m[i] = mi;
          v[i] = vi;
          d[i] = d[i] * decay - (lr * (mi / bc1)) / (Math.sqrt(vi / bc2) + eps);
        }
        p.markUpdated();
      }
    }
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }
}
