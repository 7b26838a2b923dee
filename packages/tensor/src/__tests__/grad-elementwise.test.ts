import { randomDistinct, randomFloat32 } from "@trex/test-utils";
import { describe, test } from "vitest";
import {
  add,
  concat,
  div,
  exp,
  expand,
  gelu,
  log,
  mul,
  neg,
  permute,
  pow,
  relu,
  reshape,
  sigmoid,
  slice,
  sqrt,
  sub,
  tanh,
  transpose,
} from "../index.js";
import { expectGradOk } from "./gradcheck.js";

const positive = (n: number, seed: number) => randomFloat32(n, seed, 0.5, 2);

describe("gradients of elementwise ops (float64 central differences)", () => {
  test.each([
    ["add", add],
    ["sub", sub],
    ["mul", mul],
  ] as const)("%s: same shape, broadcast, and non-contiguous operands", (_, op) => {
    expectGradOk((a, b) => op(a, b), [{ shape: [3, 4] }, { shape: [3, 4] }]);
    expectGradOk((a, b) => op(a, b), [{ shape: [2, 3, 4] }, { shape: [4] }]);
    expectGradOk((a, b) => op(a, b), [{ shape: [2, 1, 4] }, { shape: [3, 1] }]);
    expectGradOk((a, b) => op(transpose(a), slice(b, 1, 1, 5)), [{ shape: [4, 3] }, { shape: [3, 5] }]);
    expectGradOk((a, b) => op(permute(a, [2, 0, 1]), b), [{ shape: [3, 1, 2] }, { shape: [2, 3, 1] }]);
    expectGradOk((a) => op(a, 1.5), [{ shape: [2, 3] }]);
  });

  test("div: broadcast divisor and non-contiguous numerator", () => {
    expectGradOk((a, b) => div(a, b), [{ shape: [3, 4] }, { shape: [4], data: positive(4, 1) }]);
    expectGradOk((a, b) => div(transpose(a), b), [{ shape: [4, 3] }, { shape: [3, 1], data: positive(3, 2) }]);
    expectGradOk((a) => div(a, 3), [{ shape: [5] }]);
  });

  test("neg, exp, log, sqrt, pow, sigmoid, tanh", () => {
    expectGradOk((a) => neg(a), [{ shape: [2, 3] }]);
    expectGradOk((a) => exp(a), [{ shape: [2, 3] }]);
    expectGradOk((a) => log(a), [{ shape: [2, 3], data: positive(6, 3) }]);
    expectGradOk((a) => sqrt(a), [{ shape: [2, 3], data: positive(6, 4) }]);
    expectGradOk((a) => pow(a, 3), [{ shape: [2, 3] }]);
    expectGradOk((a) => sigmoid(transpose(a)), [{ shape: [3, 2] }]);
    expectGradOk((a) => tanh(a), [{ shape: [7] }], { h: 1e-3 });
  });

  test("relu and GELU (inputs kept away from the kink)", () => {
    expectGradOk((a) => relu(a), [{ shape: [4, 5], data: randomDistinct(20, 5, -2, 2, 0.05) }], { h: 1e-3 });
    expectGradOk((a) => gelu(permute(a, [1, 0])), [{ shape: [4, 5], data: randomFloat32(20, 6, -4, 4) }], { h: 1e-3 });
  });

  test("reshape, transpose, permute, slice, concat, expand", () => {
    expectGradOk((a) => reshape(a, [3, -1]), [{ shape: [2, 3, 2] }]);
    expectGradOk((a) => transpose(a, 0, 2), [{ shape: [2, 3, 4] }]);
    expectGradOk((a) => permute(a, [1, 3, 0, 2]), [{ shape: [2, 3, 2, 2] }]);
    expectGradOk((a) => slice(a, 1, 1, -1), [{ shape: [2, 5, 3] }]);
    expectGradOk((a) => slice(transpose(a), 0, 2), [{ shape: [3, 4] }]);
    expectGradOk((a, b, c) => concat([a, transpose(b), c], 1), [{ shape: [3, 2] }, { shape: [1, 3] }, { shape: [3, 4] }]);
    expectGradOk((a, b) => concat([a, b], 0), [{ shape: [1, 2, 3] }, { shape: [2, 2, 3] }]);
    expectGradOk((a) => expand(a, [4, 2, 3]), [{ shape: [2, 1] }]);
  });
});
