import { randomShape, seededRandom } from "@trex/test-utils";
import { describe, test } from "vitest";
import { add, conv2d, div, layerNorm, linear, logSoftmax, matmul, mean, mul, permute, softmax, sub, sum } from "../index.js";
import { expectGradOk } from "./gradcheck.js";

// The same gradient checks on seeded random shapes: ranks, sizes and which axes broadcast are drawn,
// so shape-handling bugs that fixed examples miss still show up.

const SEEDS = [1, 2, 3, 4, 5, 6];

/** b's shape: a random suffix of `shape` with some axes set to 1 (a broadcastable operand). */
function broadcastable(shape: number[], seed: number): number[] {
  const r = seededRandom(seed);
  const drop = Math.floor(r() * shape.length);
  return shape.slice(drop).map((d) => (r() < 0.4 ? 1 : d));
}

describe("gradients on random shapes", () => {
  test.each(SEEDS)("broadcasting add/sub/mul/div, seed %i", (seed) => {
    const shape = randomShape(1 + (seed % 3), seed, 1, 4);
    const other = broadcastable(shape, seed + 100);
    const positive = (n: number) => Float32Array.from({ length: n }, (_, i) => 0.5 + ((i * 7919) % 13) / 10);
    expectGradOk((a, b) => add(a, b), [{ shape }, { shape: other }]);
    expectGradOk((a, b) => sub(b, a), [{ shape }, { shape: other }]);
    expectGradOk((a, b) => mul(a, b), [{ shape }, { shape: other }]);
    const n = other.reduce((p, d) => p * d, 1);
    expectGradOk((a, b) => div(a, b), [{ shape }, { shape: other, data: positive(n) }]);
  });

  test.each(SEEDS)("matmul with random batch axes and sizes, seed %i", (seed) => {
    const [m, k, n, b] = randomShape(4, seed, 1, 4);
    const batchB = seed % 2 === 0 ? [b] : [];
    expectGradOk((x, y) => matmul(x, y), [{ shape: [b, m, k] }, { shape: [...batchB, k, n] }]);
    expectGradOk((x, w, bias) => linear(x, w, bias), [{ shape: [b, m, k] }, { shape: [n, k] }, { shape: [n] }]);
  });

  test.each(SEEDS)("softmax, logSoftmax, layerNorm, sum, mean on a random rank-3 shape, seed %i", (seed) => {
    const shape = randomShape(3, seed, 2, 4);
    const axis = seed % 3;
    expectGradOk((x) => softmax(x, axis), [{ shape }]);
    expectGradOk((x) => logSoftmax(permute(x, [2, 0, 1])), [{ shape }]);
    // LayerNorm over 2 values is a near-step function (x̂ = ±1) that no finite step can follow: use ≥ 4.
    const ln = [shape[0], shape[1], shape[2] + 2];
    expectGradOk((x, g, b) => layerNorm(x, g, b), [{ shape: ln }, { shape: [ln[2]] }, { shape: [ln[2]] }]);
    expectGradOk((x) => sum(x, axis, seed % 2 === 0), [{ shape }]);
    expectGradOk((x) => mean(x, [axis, (axis + 1) % 3]), [{ shape }]);
  });

  test.each(SEEDS)("conv2d with random geometry, seed %i", (seed) => {
    const [c, o, k, s] = randomShape(4, seed, 1, 3);
    const p = seed % 2;
    const hw = k + s + 1;
    expectGradOk((x, w, b) => conv2d(x, w, b, { stride: s, padding: p }), [
      { shape: [2, c, hw, hw] },
      { shape: [o, c, k, k] },
      { shape: [o] },
    ]);
  });
});
