import { describe, expect, test } from "vitest";
import {
  ArgumentError,
  AutogradError,
  Parameter,
  Rng,
  ShapeError,
  Tensor,
  add,
  concat,
  crossEntropy,
  dropout,
  isGradEnabled,
  matmul,
  mul,
  noGrad,
  ones,
  parameter,
  rand,
  randn,
  reshape,
  sum,
  tensor,
  topk,
  truncNormal_,
  xavierUniform_,
  zeros,
} from "../index.js";

describe("autograd core", () => {
  test("a tensor used twice accumulates both paths; leaf grads accumulate across backward calls", () => {
    const x = tensor([1, 2, 3], [3], true);
    const y = sum(add(mul(x, x), x)); // d/dx = 2x + 1
    y.backward();
    expect(Array.from(x.grad ?? [])).toEqual([3, 5, 7]);
    sum(x).backward();
    expect(Array.from(x.grad ?? [])).toEqual([4, 6, 8]);
  });

  test("reshape shares the buffer but gradients do not alias", () => {
    const x = tensor([1, 2, 3, 4], [2, 2], true);
    const r = reshape(x, [4]);
    expect(r.data).toBe(x.data);
    sum(mul(r, concat([r], 0))).backward();
    expect(Array.from(x.grad ?? [])).toEqual([2, 4, 6, 8]);
  });

  test("noGrad records nothing; misuse of backward is an AutogradError", () => {
    const x = tensor([1, 2], [2], true);
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return mul(x, 2);
    });
    expect(isGradEnabled()).toBe(true);
    expect(y.requiresGrad).toBe(false);
    expect(() => y.backward()).toThrow(AutogradError);
    expect(() => mul(x, 2).backward()).toThrow(/one-element tensor, got shape \[2\]/);
    const l = sum(mul(x, 3));
    l.backward();
    expect(() => l.backward()).toThrow(/already freed/);
  });

  test("shape errors name the shapes", () => {
    expect(() => matmul(zeros([2, 3]), zeros([4, 5]))).toThrow(ShapeError);
    expect(() => matmul(zeros([2, 3]), zeros([4, 5]))).toThrow(/\[2, 3\] · \[4, 5\]/);
    expect(() => add(zeros([2, 3]), zeros([4]))).toThrow(/shapes \[2, 3\] and \[4\] cannot be broadcast/);
    expect(() => new Tensor(new Float32Array(3), [2, 2])).toThrow(/3 elements but shape \[2, 2\] needs 4/);
    expect(() => reshape(zeros([2, 3]), [4, -1])).toThrow(ShapeError);
    expect(() => topk(zeros([2, 3]), 4)).toThrow(ArgumentError);
    expect(() => crossEntropy(zeros([2, 3]), Int32Array.from([0, 3]))).toThrow(/target 3 in row 1/);
  });
});

describe("seeded randomness", () => {
  test("the same seed reproduces every draw; different seeds differ", () => {
    const a = randn([100], new Rng(7));
    const b = randn([100], new Rng(7));
    const c = randn([100], new Rng(8));
    expect(a.toArray()).toEqual(b.toArray());
    expect(a.toArray()).not.toEqual(c.toArray());
    const d1 = dropout(ones([50]), 0.5, new Rng(3));
    const d2 = dropout(ones([50]), 0.5, new Rng(3));
    expect(d1.toArray()).toEqual(d2.toArray());
    expect(new Rng(2 ** 40).uniform()).not.toBe(new Rng(0).uniform());
    expect(() => new Rng(1.5)).toThrow(ArgumentError);
  });

  test("uniform and normal draws have the right moments", () => {
    const n = 200_000;
    const u = rand([n], new Rng(11)).data;
    const z = randn([n], new Rng(12), 2, 1).data;
    const m = (x: Float32Array) => x.reduce((s, v) => s + v, 0) / x.length;
    const v = (x: Float32Array) => {
      const mu = m(x);
      return x.reduce((s, y) => s + (y - mu) ** 2, 0) / x.length;
    };
    expect(m(u)).toBeCloseTo(0.5, 2);
    expect(v(u)).toBeCloseTo(1 / 12, 3);
    expect(u.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(m(z)).toBeCloseTo(1, 1);
    expect(Math.sqrt(v(z))).toBeCloseTo(2, 1);
    const perm = new Rng(5).permutation(10);
    expect(Array.from(perm).sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test("dropout keeps about 1 − p of the values, scaled by 1/(1 − p)", () => {
    const y = dropout(ones([10_000]), 0.25, new Rng(9)).data;
    const kept = y.filter((v) => v !== 0);
    expect(kept.length / y.length).toBeCloseTo(0.75, 1);
    expect(kept.every((v) => Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
    expect(dropout(ones([3]), 0.5, new Rng(1), false).toArray()).toEqual([1, 1, 1]);
  });

  test("init helpers: truncated normal stays in its window, xavier in its bound, versions bump", () => {
    const p = parameter([64, 32], "w");
    truncNormal_(p, new Rng(1), { std: 0.02 });
    expect(Math.max(...p.data.map(Math.abs))).toBeLessThanOrEqual(0.04);
    expect(p.version).toBe(1);
    const q = new Parameter(new Float32Array(64 * 32), [64, 32]);
    xavierUniform_(q, new Rng(2));
    const bound = Math.sqrt(6 / 96);
    expect(Math.max(...q.data.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...q.data.map(Math.abs))).toBeGreaterThan(0.9 * bound);
  });
});
