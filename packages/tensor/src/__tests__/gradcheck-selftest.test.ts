import { finiteDifferenceCheck, randomFloat32 } from "@trex/test-utils";
import { expect, test } from "vitest";
import { Tensor, makeResult, noGrad } from "../index.js";

// The checker itself must be able to fail: a deliberately wrong backward (x² with gradient x instead of
// 2x) is reported as a mismatch.
test("finiteDifferenceCheck rejects a wrong gradient and accepts the right one", () => {
  const square = (x: Tensor, factor: number) =>
    makeResult("square", x.data.map((v) => v * v), x.shape, [x], (g) => [g.map((gi, i) => factor * gi * x.data[i])]);
  for (const [factor, ok] of [
    [1, false],
    [2, true],
  ] as const) {
    const x = new Tensor(randomFloat32(6, 3), [6], true);
    const res = finiteDifferenceCheck({
      inputs: [x.data],
      forward: () => noGrad(() => square(x, factor)).data,
      analytic: (cot) => {
        x.grad = null;
        square(x, factor).backward(cot);
        return [x.grad];
      },
      seed: 5,
    });
    expect(res.ok, res.message).toBe(ok);
  }
});
