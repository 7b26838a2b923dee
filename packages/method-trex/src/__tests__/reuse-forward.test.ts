import type { EncoderBlock, Linear, ModelInputs } from "@trex/models";
import { plainContext } from "@trex/models";
import { finiteDifferenceCheck } from "@trex/test-utils";
import { indexTensor, mul, noGrad, Rng, randn, sum, Tensor } from "@trex/tensor";
import { validateParams } from "@trex/registry";
import { describe, expect, it } from "vitest";
import { applyTrex, gelu64, TREX_PARAMS } from "../index.js";
import { images, maxAbsDiff, randomize, tinyFamilies } from "./tiny.js";

// Float64 reference ops on row-major [rows, cols] arrays: independent of @trex/tensor.
function layerNorm64(x: ArrayLike<number>, rows: number, d: number, g: ArrayLike<number>, b: ArrayLike<number>, eps: number): Float64Array {
  const out = new Float64Array(rows * d);
  for (let r = 0; r < rows; r++) {
    let m = 0;
    for (let k = 0; k < d; k++) m += x[r * d + k];
    m /= d;
    let v = 0;
    for (let k = 0; k < d; k++) v += (x[r * d + k] - m) ** 2;
    v /= d;
    for (let k = 0; k < d; k++) out[r * d + k] = ((x[r * d + k] - m) / Math.sqrt(v + eps)) * g[k] + b[k];
  }
  return out;
}
function linear64(x: ArrayLike<number>, rows: number, l: Linear): Float64Array {
  const [i, o] = [l.inFeatures, l.outFeatures];
  const out = new Float64Array(rows * o);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < o; j++) {
      let s = l.bias ? l.bias.data[j] : 0;
      for (let k = 0; k < i; k++) s += x[r * i + k] * l.weight.data[j * i + k];
      out[r * o + j] = s;
    }
  }
  return out;
}
const map = (x: Float64Array, f: (v: number) => number) => x.map(f);
const plus = (a: ArrayLike<number>, b: Float64Array, lam: number) => b.map((v, k) => a[k] + v / lam);

/** The reusing block's graph by hand: TB → projection → residual → (norm) MLP → residual, pre- or post-norm. */
function handBlock(blk: EncoderBlock, x: Tensor, reused: Tensor): Float64Array {
  const c = blk.config;
  const rows = x.size / c.dim;
  const tb = blk.tb!;
  const z = map(linear64(layerNorm64(reused.data, rows, c.dim, tb.norm.weight.data, tb.norm.bias.data, tb.norm.eps), rows, tb.fc), gelu64);
  const y = linear64(z, rows, blk.proj);
  const ln = (v: Float64Array, n: NonNullable<EncoderBlock["norm1"]>) => layerNorm64(v, rows, c.dim, n.weight.data, n.bias.data, c.eps);
  const mlp = (v: Float64Array) => linear64(map(linear64(v, rows, blk.mlp.fc1), gelu64), rows, blk.mlp.fc2);
  if (c.norm === "pre") {
    const x1 = plus(x.data, y, c.skipLam);
    return plus(x1, mlp(ln(x1, blk.norm2)), c.skipLam);
  }
  const x1 = ln(plus(x.data, y, c.skipLam), blk.norm1!);
  return ln(plus(x1, mlp(x1), c.skipLam), blk.norm2);
}

function inputsFor(family: string, seed: number): ModelInputs {
  if (family === "bert") {
    const rng = new Rng(seed);
    return { inputIds: indexTensor(Array.from({ length: 16 }, () => Math.floor(rng.uniform() * 30)), [2, 8]) };
  }
  return images(2, 3, 16, seed);
}

describe("a reusing block", () => {
  for (const [family, make] of tinyFamilies) {
    it(`${family}: block output equals the hand-built TB → projection → MLP graph (float64)`, () => {
      const model = applyTrex(make(), validateParams(TREX_PARAMS, { reuse: "3" }));
      randomize(model, 11);
      const blk = model.blocks[2];
      const rng = new Rng(5);
      const x = randn([2, 7, blk.config.dim], rng);
      const reused = randn([2, 7, blk.config.dim], rng);
      const out = noGrad(() => blk.forward(x, plainContext(), reused));
      expect(maxAbsDiff(out.x.data, handBlock(blk, x, reused))).toBeLessThan(1e-4);
    });

    it(`${family}: in the model, each reusing encoder's attention output is TB(source output) for both chains`, () => {
      for (const chain of ["nearest-computed", "previous"] as const) {
        const model = applyTrex(make(), validateParams(TREX_PARAMS, { reuse: "3,4", chain }));
        randomize(model, 12);
        const outs = noGrad(() => model.forward(inputsFor(family, 3), { returnAttention: true })).attentionOutputs!;
        for (const [i, src] of [
          [2, 1],
          [3, chain === "previous" ? 2 : 1],
        ]) {
          const tb = model.blocks[i].tb!;
          const a = outs[src];
          const d = tb.dim;
          const rows = a.size / d;
          const expected = map(linear64(layerNorm64(a.data, rows, d, tb.norm.weight.data, tb.norm.bias.data, tb.norm.eps), rows, tb.fc), gelu64);
          expect(maxAbsDiff(outs[i].data, expected), `${chain} block ${i}`).toBeLessThan(1e-4);
        }
      }
    });
  }

  it("TB parameters (and the reused input) get gradients that pass float64 finite differences", () => {
    const model = applyTrex(tinyFamilies[0][1](), validateParams(TREX_PARAMS, { reuse: "3" }));
    randomize(model, 13, 0.4);
    const blk = model.blocks[2];
    const tb = blk.tb!;
    const rng = new Rng(6);
    const x = randn([2, 5, 16], rng);
    const reused = new Tensor(randn([2, 5, 16], rng).data, [2, 5, 16], true);
    const params = [tb.norm.weight, tb.norm.bias, tb.fc.weight, tb.fc.bias!];
    const r = finiteDifferenceCheck({
      inputs: [...params.map((p) => p.data), reused.data],
      forward: () => noGrad(() => blk.forward(x, plainContext(), reused).x).data,
      analytic: (cot) => {
        for (const p of [...params, reused]) p.grad = null;
        const y = blk.forward(x, plainContext(), reused).x;
        sum(mul(y, new Tensor(cot, y.shape))).backward();
        return [...params.map((p) => p.grad), reused.grad];
      },
      seed: 7,
      h: 1e-2,
      rtol: 2e-2,
      atol: 2e-3,
    });
    expect(r.ok, r.message).toBe(true);
    expect(r.checked).toBe(16 + 16 + 256 + 16 + 160);
    // The gradients are not trivially zero.
    expect(Math.max(...[...tb.fc.weight.grad!].map(Math.abs))).toBeGreaterThan(1e-3);
  });
});
