import { describe, expect, test } from "vitest";
import { AdamW, ArgumentError, NonFiniteError, Parameter, Sgd, clipGradNorm, warmupCosine } from "../index.js";

const param = (values: number[]) => new Parameter(Float32Array.from(values), [values.length]);

describe("AdamW", () => {
  test("two steps match the closed form", () => {
    const p0 = [0.5, -1.2, 2.0];
    const g1 = [0.1, -0.3, 0.02];
    const g2 = [-0.2, 0.4, 0.05];
    const lr = 0.01;
    const b1 = 0.9;
    const b2 = 0.99;
    const eps = 1e-8;
    const wd = 0.05;
    const p = param(p0);
    const opt = new AdamW([p], { lr, betas: [b1, b2], eps, weightDecay: wd });
    p.grad = Float32Array.from(g1);
    opt.step();
    p.grad = Float32Array.from(g2);
    opt.step();
    for (let i = 0; i < 3; i++) {
      // Step 1: m̂ = g1, v̂ = g1², so the update is lr·g1/(|g1| + eps) after decay.
      const p1 = p0[i] * (1 - lr * wd) - (lr * g1[i]) / (Math.abs(g1[i]) + eps);
      const m2 = (b1 * (1 - b1) * g1[i] + (1 - b1) * g2[i]) / (1 - b1 * b1);
      const v2 = (b2 * (1 - b2) * g1[i] ** 2 + (1 - b2) * g2[i] ** 2) / (1 - b2 * b2);
      const p2 = p1 * (1 - lr * wd) - (lr * m2) / (Math.sqrt(v2) + eps);
      expect(p.data[i]).toBeCloseTo(p2, 6);
    }
    expect(p.version).toBe(2);
  });

  test("parameter groups override weight decay; parameters without grad are untouched", () => {
    const a = param([1]);
    const b = param([1]);
    const c = param([1]);
    const opt = new AdamW([{ params: [a] }, { params: [b, c], weightDecay: 0 }], { lr: 0.1, weightDecay: 0.5 });
    a.grad = Float32Array.from([0]);
    b.grad = Float32Array.from([0]);
    opt.step();
    expect(a.data[0]).toBeCloseTo(0.95, 6);
    expect(b.data[0]).toBe(1);
    expect(c.data[0]).toBe(1);
    expect(c.version).toBe(0);
    opt.zeroGrad();
    expect(a.grad).toBeNull();
  });

  test("rejects invalid hyper-parameters", () => {
    expect(() => new AdamW([param([1])], { lr: -1 })).toThrow(ArgumentError);
    expect(() => new AdamW([param([1])], { lr: 0.1, betas: [1, 0.9] })).toThrow(/betas/);
  });
});

describe("SGD", () => {
  test("momentum with weight decay, three hand-computed steps", () => {
    const p = param([1]);
    const opt = new Sgd([p], { lr: 0.1, momentum: 0.9, weightDecay: 0.1 });
    // g is 0.5 every step; effective g = 0.5 + 0.1·p.
    p.grad = Float32Array.from([0.5]);
    opt.step(); // g = 0.6, b = 0.6, p = 1 − 0.06 = 0.94
    expect(p.data[0]).toBeCloseTo(0.94, 6);
    opt.step(); // g = 0.594, b = 0.54 + 0.594 = 1.134, p = 0.94 − 0.1134 = 0.8266
    expect(p.data[0]).toBeCloseTo(0.8266, 6);
    opt.step(); // g = 0.58266, b = 1.0206 + 0.58266 = 1.60326, p = 0.8266 − 0.160326 = 0.666274
    expect(p.data[0]).toBeCloseTo(0.666274, 6);
  });

  test("plain SGD and Nesterov", () => {
    const p = param([2]);
    new Sgd([p], { lr: 0.5 }).step();
    expect(p.data[0]).toBe(2);
    p.grad = Float32Array.from([1]);
    new Sgd([p], { lr: 0.5 }).step();
    expect(p.data[0]).toBe(1.5);
    const q = param([0]);
    const nes = new Sgd([q], { lr: 1, momentum: 0.5, nesterov: true });
    q.grad = Float32Array.from([1]);
    nes.step(); // b = 1, g = 1 + 0.5 = 1.5
    expect(q.data[0]).toBeCloseTo(-1.5, 6);
    nes.step(); // b = 0.5 + 1 = 1.5, g = 1 + 0.75 = 1.75
    expect(q.data[0]).toBeCloseTo(-3.25, 6);
  });
});

describe("schedule and clipping", () => {
  test("warmupCosine: linear warmup, cosine to minLr, flat after", () => {
    const lr = warmupCosine({ peakLr: 1, warmupSteps: 10, totalSteps: 110, minLr: 0.1 });
    expect(lr(0)).toBeCloseTo(0.1, 12);
    expect(lr(9)).toBeCloseTo(1, 12);
    expect(lr(10)).toBeCloseTo(1, 12);
    expect(lr(60)).toBeCloseTo(0.55, 12);
    expect(lr(110)).toBeCloseTo(0.1, 12);
    expect(lr(500)).toBeCloseTo(0.1, 12);
    expect(() => warmupCosine({ peakLr: 1, warmupSteps: 5, totalSteps: 5 })).toThrow(ArgumentError);
  });

  test("clipGradNorm scales to the max norm and reports the original norm", () => {
    const a = param([0, 0]);
    const b = param([0]);
    a.grad = Float32Array.from([3, 4]);
    b.grad = Float32Array.from([12]);
    expect(clipGradNorm([a, b], 6.5)).toBeCloseTo(13, 6);
    expect(Array.from(a.grad)).toEqual([expect.closeTo(1.5, 5), expect.closeTo(2, 5)]);
    expect(b.grad[0]).toBeCloseTo(6, 5);
    expect(clipGradNorm([a, b], 100)).toBeCloseTo(6.5, 5);
    expect(b.grad[0]).toBeCloseTo(6, 5);
    b.grad[0] = Number.NaN;
    expect(() => clipGradNorm([a, b], 1)).toThrow(NonFiniteError);
  });
});
