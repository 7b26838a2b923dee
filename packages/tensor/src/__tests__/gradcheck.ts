import { finiteDifferenceCheck, randomFloat32 } from "@trex/test-utils";
import { expect } from "vitest";
import { Tensor, noGrad } from "../index.js";

/** One input of a gradient check: its shape and optionally its values (default uniform in [-1, 1)). */
export interface GradInput {
  shape: number[];
  data?: Float32Array;
  /** false: the input is a constant (no gradient checked). */
  grad?: boolean;
}

let seedCounter = 1000;

/**
 * Checks the autograd gradients of `build` against float64 central differences (test-utils), on the
 * given inputs. build receives leaf tensors and may reshape/transpose/slice them before the op, which
 * is how non-contiguous inputs are exercised.
 */
export function expectGradOk(
  build: (...xs: Tensor[]) => Tensor,
  inputs: GradInput[],
  opts: { h?: number; rtol?: number; atol?: number } = {},
): void {
  const leaves = inputs.map((inp, i) => {
    const size = inp.shape.reduce((p, d) => p * d, 1);
    const data = inp.data ? Float32Array.from(inp.data) : randomFloat32(size, ++seedCounter * 7 + i);
    return new Tensor(data, inp.shape, inp.grad !== false);
  });
  const res = finiteDifferenceCheck({
    inputs: leaves.map((t) => t.data),
    forward: () => noGrad(() => build(...leaves)).data,
    analytic: (cot) => {
      for (const t of leaves) t.grad = null;
      build(...leaves).backward(cot);
      return leaves.map((t) => (t.requiresGrad ? (t.grad ?? new Float32Array(t.size)) : null));
    },
    seed: ++seedCounter,
    ...opts,
  });
  expect(res.checked).toBeGreaterThan(0);
  expect(res.ok, res.message).toBe(true);
}
