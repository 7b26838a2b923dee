import { type Kernels, createWasmKernels, getKernels, setKernels, tsKernels } from "@trex/kernels";
import { afterAll, describe, expect, test } from "vitest";
import { Tensor, add, div, layerNorm, linear, mul, permute, reshape, slice, softmax, sub, sum } from "../index.js";
import { expectGradOk } from "./gradcheck.js";

// The kernel-backed backward passes (LayerNorm, softmax, permute, linear with its fused bias) checked
// against float64 finite differences on both kernel backends, on odd sizes and permuted inputs; and the
// autograd engine's gradient-slice bookkeeping (disjoint q/k/v-style slices are copied, overlapping ones
// added) on slice patterns that mix with full-size gradients.

const initial = getKernels();
afterAll(() => setKernels(initial));

const BACKENDS: [string, Kernels][] = [
  ["ts", tsKernels],
  ["wasm", createWasmKernels()],
];

describe.each(BACKENDS)("kernel-backed gradients on %s", (_, K) => {
  test("layerNorm on 1 row, 1 column and a permuted [3, 5, 7] input", () => {
    setKernels(K);
    expectGradOk((x, g, b) => layerNorm(x, g, b), [{ shape: [1, 6] }, { shape: [6] }, { shape: [6] }]);
    expectGradOk((x, g, b) => layerNorm(x, g, b), [{ shape: [4, 1] }, { shape: [1] }, { shape: [1] }], { atol: 1e-3 });
    expectGradOk((x, g, b) => layerNorm(permute(x, [2, 0, 1]), g, b), [{ shape: [3, 5, 7] }, { shape: [5] }, { shape: [5] }]);
  });

  test("softmax on odd rows and along a non-last axis", () => {
    setKernels(K);
    expectGradOk((x) => mul(softmax(x), x), [{ shape: [5, 7] }]);
    expectGradOk((x) => mul(softmax(x, 1), x), [{ shape: [2, 3, 5] }]);
    expectGradOk((x) => softmax(x), [{ shape: [1, 1] }], { atol: 1e-3 });
  });

  test("permute of the attention head split and merge", () => {
    setKernels(K);
    expectGradOk((x) => mul(permute(x, [2, 0, 3, 1, 4]), permute(x, [2, 0, 3, 1, 4])), [{ shape: [2, 3, 3, 2, 5] }]);
    expectGradOk((x, w) => mul(permute(x, [0, 2, 1, 3]), w), [{ shape: [2, 3, 5, 4] }, { shape: [2, 5, 3, 4] }]);
  });

  test("linear with bias on the ideal engine (bias fused into the GEMM)", () => {
    setKernels(K);
    expectGradOk((x, w, b) => linear(x, w, b), [{ shape: [2, 3, 5] }, { shape: [7, 5] }, { shape: [7] }]);
    expectGradOk((x, w, b) => linear(x, w, b), [{ shape: [1, 1] }, { shape: [1, 1] }, { shape: [1] }]);
  });
});

describe("large same-shape elementwise ops (routed to the kernels from 2048 elements)", () => {
  test.each(BACKENDS)("forward values equal the float32-rounded float64 operation on %s", (_, K) => {
    setKernels(K);
    const n = 48 * 50;
    const a = new Tensor(Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 3), [48, 50]);
    const b = new Tensor(Float32Array.from({ length: n }, (_, i) => 1.5 + Math.cos(i)), [48, 50]);
    const cases: [Tensor, (x: number, y: number) => number][] = [
      [add(a, b), (x, y) => x + y],
      [sub(a, b), (x, y) => x - y],
      [mul(a, b), (x, y) => x * y],
      [div(a, b), (x, y) => x / y],
      [mul(a, 1 / 3), (x) => x / 3],
    ];
    for (const [t, f] of cases) {
      expect(Array.from(t.data)).toEqual(Array.from(a.data, (x, i) => Math.fround(f(x, b.data[i]))));
    }
  });

  test.each(BACKENDS)("gradients through residual sums and scalings on %s", (_, K) => {
    setKernels(K);
    // x feeds several branches, so its gradient is accumulated in place and through a shared buffer.
    expectGradOk(
      (x, w) => add(add(x, mul(mul(x, w), 0.5)), sub(mul(x, x), div(w, add(mul(w, w), 2)))),
      [{ shape: [40, 60] }, { shape: [40, 60] }],
    );
  });
});

describe("gradient slices", () => {
  test("disjoint slices of one tensor (the q/k/v split) and a full-size use of it", () => {
    expectGradOk(
      (x) => {
        const p = reshape(x, [3, 2, 5]);
        const q = slice(p, 0, 0, 1);
        const k = slice(p, 0, 1, 2);
        const v = slice(p, 0, 2, 3);
        return add(mul(mul(q, k), v), sum(mul(x, x)));
      },
      [{ shape: [6, 5] }],
    );
  });

  test("overlapping and repeated slices are added, in either order", () => {
    expectGradOk(
      (x) => {
        const a = slice(x, 0, 0, 3);
        const b = slice(x, 0, 2, 5);
        const c = slice(x, 0, 3, 4);
        return add(sum(mul(a, a)), add(sum(mul(b, b)), add(sum(c), sum(mul(c, c)))));
      },
      [{ shape: [5, 3] }],
    );
  });
});
