import { randomDistinct, randomFloat32, randomInt32 } from "@trex/test-utils";
import { describe, test } from "vitest";
import {
  Rng,
  Tensor,
  batchNorm,
  bmm,
  conv2d,
  crossEntropy,
  dropout,
  dynamicMatmul,
  embedding,
  gather,
  indexSelect,
  indexTensor,
  klDiv,
  layerNorm,
  linear,
  logSoftmax,
  matmul,
  max,
  mean,
  mse,
  permute,
  slice,
  softTargetCrossEntropy,
  softmax,
  sum,
  topk,
  transpose,
  zeros,
} from "../index.js";
import { expectGradOk } from "./gradcheck.js";

describe("gradients of reductions and products", () => {
  test("sum and mean over axes, with and without keepdim", () => {
    expectGradOk((a) => sum(a), [{ shape: [2, 3, 2] }]);
    expectGradOk((a) => sum(a, 1, true), [{ shape: [2, 3, 2] }]);
    expectGradOk((a) => sum(transpose(a), [0, 2]), [{ shape: [2, 3, 4] }]);
    expectGradOk((a) => mean(a, -1), [{ shape: [3, 4] }]);
    expectGradOk((a) => mean(slice(a, 0, 1), [0, 1], true), [{ shape: [3, 4] }]);
  });

  test("max over an axis and over everything (distinct values)", () => {
    expectGradOk((a) => max(a, 1), [{ shape: [3, 5], data: randomDistinct(15, 1, -1, 1, 0.05) }], { h: 1e-3 });
    expectGradOk((a) => max(permute(a, [1, 0]), 0, true), [{ shape: [3, 4], data: randomDistinct(12, 2, -1, 1, 0.05) }], {
      h: 1e-3,
    });
    expectGradOk((a) => max(a), [{ shape: [2, 3], data: randomDistinct(6, 3, -1, 1, 0.05) }], { h: 1e-3 });
  });

  test("matmul: 2-D weight, equal batches, broadcast batches, transposed operands; bmm", () => {
    expectGradOk((a, b) => matmul(a, b), [{ shape: [2, 3, 4] }, { shape: [4, 5] }]);
    expectGradOk((a, b) => matmul(a, b), [{ shape: [2, 3, 4] }, { shape: [2, 4, 2] }]);
    expectGradOk((a, b) => matmul(a, b), [{ shape: [2, 1, 3, 4] }, { shape: [3, 4, 2] }]);
    expectGradOk((a, b) => matmul(transpose(a), permute(b, [0, 2, 1])), [{ shape: [4, 3] }, { shape: [2, 5, 4] }]);
    expectGradOk((a, b) => bmm(a, b), [{ shape: [3, 2, 4] }, { shape: [3, 4, 3] }]);
  });

  test("linear with and without bias, through the ideal engine", () => {
    expectGradOk((x, w, b) => linear(x, w, b), [{ shape: [2, 3, 4] }, { shape: [5, 4] }, { shape: [5] }]);
    expectGradOk((x, w) => linear(transpose(x), w), [{ shape: [4, 3] }, { shape: [2, 4] }]);
  });

  test("dynamicMatmul with and without transB (straight-through ideal backward)", () => {
    expectGradOk((a, b) => dynamicMatmul(a, b), [{ shape: [2, 3, 4] }, { shape: [2, 4, 5] }]);
    expectGradOk((a, b) => dynamicMatmul(a, b, { transB: true }), [{ shape: [2, 2, 3, 4] }, { shape: [2, 2, 5, 4] }]);
    expectGradOk((a, b) => dynamicMatmul(permute(a, [1, 0, 2]), b, { transB: true }), [{ shape: [3, 2, 4] }, { shape: [2, 5, 4] }]);
  });
});

describe("gradients of nn ops", () => {
  test("softmax and log-softmax along the last and a middle axis", () => {
    expectGradOk((a) => softmax(a), [{ shape: [3, 5] }]);
    expectGradOk((a) => softmax(a, 1), [{ shape: [2, 4, 3] }]);
    expectGradOk((a) => logSoftmax(transpose(a)), [{ shape: [4, 3] }]);
    expectGradOk((a) => logSoftmax(a, 0), [{ shape: [4, 3] }]);
  });

  test("layerNorm: input, gamma and beta; without affine", () => {
    expectGradOk((x, g, b) => layerNorm(x, g, b), [{ shape: [3, 6] }, { shape: [6] }, { shape: [6] }]);
    expectGradOk((x) => layerNorm(transpose(x)), [{ shape: [5, 2] }]);
  });

  test("batchNorm in training (batch stats) and eval (running stats) modes", () => {
    const stats = () => ({ runningMean: zeros([3]), runningVar: new Tensor(Float32Array.from([1, 2, 0.5]), [3]) });
    expectGradOk((x, w, b) => batchNorm(x, { weight: w, bias: b, training: true, ...stats() }), [
      { shape: [2, 3, 2, 2] },
      { shape: [3] },
      { shape: [3] },
    ]);
    expectGradOk((x, w, b) => batchNorm(x, { weight: w, bias: b, training: false, ...stats() }), [
      { shape: [2, 3, 2] },
      { shape: [3] },
      { shape: [3] },
    ]);
    expectGradOk((x) => batchNorm(permute(x, [1, 0]), { training: true, ...stats() }), [{ shape: [3, 4] }]);
  });

  test("conv2d: stride and padding, input, weight and bias", () => {
    expectGradOk((x, w, b) => conv2d(x, w, b, { stride: 2, padding: 1 }), [
      { shape: [2, 2, 5, 5] },
      { shape: [3, 2, 3, 3] },
      { shape: [3] },
    ]);
    expectGradOk((x, w) => conv2d(permute(x, [0, 3, 1, 2]), w, null, { stride: [1, 2], padding: [0, 1] }), [
      { shape: [1, 4, 4, 2] },
      { shape: [2, 2, 2, 3] },
    ]);
  });

  test("embedding, indexSelect and gather (repeated indices accumulate)", () => {
    expectGradOk((w) => embedding(w, indexTensor([1, 3, 1, 0, 3, 3], [2, 3])), [{ shape: [4, 3] }]);
    expectGradOk((x) => indexSelect(transpose(x), 1, Int32Array.from([2, -1, 0, 2])), [{ shape: [4, 3] }]);
    expectGradOk((x) => gather(x, 1, indexTensor(randomInt32(12, 7, 0, 4), [3, 4])), [{ shape: [3, 4] }]);
    expectGradOk((x) => gather(x, 0, indexTensor([2, 0, 1, 1], [2, 2])), [{ shape: [3, 2] }]);
  });

  test("topk: gradient through the values, largest and smallest", () => {
    expectGradOk((x) => topk(x, 2).values, [{ shape: [3, 5], data: randomDistinct(15, 8, -1, 1, 0.05) }], { h: 1e-3 });
    expectGradOk((x) => topk(transpose(x), 3, 0, false).values, [{ shape: [4, 5], data: randomDistinct(20, 9, -1, 1, 0.05) }], {
      h: 1e-3,
    });
  });

  test("dropout with a fixed seed", () => {
    expectGradOk((x) => dropout(x, 0.3, new Rng(42)), [{ shape: [4, 6] }]);
  });
});

describe("gradients of losses", () => {
  const targets = Int32Array.from([2, 0, 4, 1]);
  test("crossEntropy plain, with label smoothing, with ignore index, sum reduction", () => {
    expectGradOk((x) => crossEntropy(x, targets), [{ shape: [4, 5] }]);
    expectGradOk((x) => crossEntropy(x, targets, { labelSmoothing: 0.1 }), [{ shape: [4, 5] }]);
    expectGradOk((x) => crossEntropy(transpose(x), Int32Array.from([2, -100, 4, -100]), { ignoreIndex: -100 }), [
      { shape: [5, 4] },
    ]);
    expectGradOk((x) => crossEntropy(x, Int32Array.from([1, 2, 0, 1, 1, 2]), { reduction: "sum" }), [{ shape: [2, 3, 3] }]);
  });

  test("softTargetCrossEntropy with respect to logits and targets", () => {
    expectGradOk((x, t) => softTargetCrossEntropy(x, softmax(t)), [{ shape: [3, 4] }, { shape: [3, 4] }]);
  });

  test("klDiv with respect to log q and p", () => {
    expectGradOk((q, p) => klDiv(logSoftmax(q), softmax(p)), [{ shape: [3, 5] }, { shape: [3, 5] }]);
  });

  test("mse with respect to both operands", () => {
    expectGradOk((a, b) => mse(a, transpose(b)), [{ shape: [2, 3] }, { shape: [3, 2] }]);
  });

  test("a small composite: attention-like chain", () => {
    expectGradOk(
      (x, wq, wk) => {
        const q = linear(x, wq);
        const k = linear(x, wk);
        const s = softmax(dynamicMatmul(q, k, { transB: true }));
        return dynamicMatmul(s, slice(x, 2, 0, 2));
      },
      [{ shape: [2, 3, 4] }, { shape: [2, 4], data: randomFloat32(8, 77) }, { shape: [2, 4] }],
    );
  });
});
