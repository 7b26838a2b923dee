import type { Tensor } from "@trex/tensor";
import { Rng, Tensor as T, indexTensor, noGrad, randn, softmax } from "@trex/tensor";
import { describe, expect, it } from "vitest";
import type { ForwardContext, TokenHookInput, TokenHookResult } from "../index.js";
import { ModelStructureError, TokenHook, policySoftmax } from "../index.js";
import { images, maxAbsDiff, randomize, tinyBert, tinyVit } from "./helpers.js";
import { KeepFirst } from "./keep-first-hook.js";
import { TopTokensHook } from "./top-tokens-hook.js";

describe("token hooks", () => {
  it("change the token count of the forward and of the spec", () => {
    const m = tinyVit({ imageSize: 16 }); // 16 patches + cls
    m.setTokenHook(1, new TopTokensHook(6)).setTokenHook(2, new TopTokensHook(3));
    randomize(m, 1);
    const out = noGrad(() => m.forward(images(2, 2, 16, 2), { returnAttention: true }));
    expect(out.logits.shape).toEqual([2, 3]);
    expect(out.attentionOutputs!.map((a) => a.shape[1])).toEqual([17, 17, 7, 4]);
    const spec = m.spec();
    expect(spec.blocks.map((b) => [b.tokensIn, b.tokensOut])).toEqual([
      [17, 17],
      [17, 7],
      [7, 4],
      [4, 4],
    ]);
    expect(spec.blocks[1].extraOps).toEqual([{ kind: "elementwise", component: "other", name: "top-tokens.sort", fn: "sort", n: 17 }]);
  });

  it("keeping every token changes nothing; the class token is kept", () => {
    const m = tinyVit();
    randomize(m, 3);
    const x = images(2, 2, 8, 4);
    const a = noGrad(() => m.forward(x)).logits.data.slice();
    m.setTokenHook(1, new TopTokensHook(4));
    const b = noGrad(() => m.forward(x)).logits.data;
    // Same token set, but reordered by index = original order: identical.
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-6);
  });

  it("stored attention outputs are carried to a later reusing block", () => {
    const m = tinyVit({ imageSize: 16 });
    m.setTokenHook(1, new TopTokensHook(5)).setAttentionReuse(2);
    randomize(m, 5);
    const out = noGrad(() => m.forward(images(1, 2, 16, 6), { returnAttention: true }));
    expect(out.attentionOutputs![2].shape).toEqual([1, 6, 8]);
  });

  it("a hook that changes the count without a carry is rejected", () => {
    class Bad extends TokenHook {
      readonly kind = "bad";
      forward(i: TokenHookInput): TokenHookResult {
        return { x: new T(i.x.data.slice(0, i.x.shape[0] * 2 * 8), [i.x.shape[0], 2, 8]) };
      }
      tokensOut(): number {
        return 2;
      }
      emit(): string {
        throw new Error("no");
      }
      clone(): Bad {
        return new Bad();
      }
    }
    const m = tinyVit();
    m.setTokenHook(0, new Bad());
    expect(() => noGrad(() => m.forward(images(1, 2, 8, 1)))).toThrow(ModelStructureError);
  });

  it("a keep mask from a hook reaches later softmaxes (DynamicViT policy)", () => {
    class MaskLast extends TokenHook {
      readonly kind = "mask-last";
      forward(i: TokenHookInput, ctx: ForwardContext): TokenHookResult {
        const [b, t] = i.x.shape;
        const keep = new Float32Array(b * t).fill(1);
        for (let s = 0; s < b; s++) keep[s * t + t - 1] = 0;
        void ctx;
        return { x: i.x, keepMask: new T(keep, [b, t]) };
      }
      tokensOut(t: number): number {
        return t;
      }
      emit(): string {
        throw new Error("training-only");
      }
      clone(): MaskLast {
        return new MaskLast();
      }
    }
    const m = tinyVit();
    m.setTokenHook(0, new MaskLast());
    randomize(m, 7);
    const x = images(1, 2, 8, 8);
    const masked = noGrad(() => m.forward(x, { returnAttention: true }));
    // Block 0 is untouched; block 1's softmax sees the policy (its exact form is checked below).
    m.setTokenHook(0, null);
    const plain = noGrad(() => m.forward(x, { returnAttention: true }));
    expect(maxAbsDiff(masked.attentionOutputs![0].data, plain.attentionOutputs![0].data)).toBe(0);
    expect(maxAbsDiff(masked.attentionOutputs![1].data, plain.attentionOutputs![1].data)).toBeGreaterThan(1e-4);
  });
});

describe("policySoftmax", () => {
  const ref = (s: Float64Array, keep: number[], t: number) => {
    // DynamicViT softmax_with_policy in float64.
    const out = new Float64Array(t * t);
    for (let i = 0; i < t; i++) {
      let mx = -Infinity;
      for (let j = 0; j < t; j++) mx = Math.max(mx, s[i * t + j]);
      let sum = 0;
      const e: number[] = [];
      for (let j = 0; j < t; j++) {
        const pol = keep[j] + (1 - keep[j]) * (i === j ? 1 : 0);
        e.push(Math.exp(s[i * t + j] - mx) * pol);
        sum += e[j];
      }
      for (let j = 0; j < t; j++) out[i * t + j] = (e[j] + 1e-6 / t) / (sum + 1e-6);
    }
    return out;
  };

  it("matches DynamicViT's softmax_with_policy and equals softmax when everything is kept", () => {
    const t = 5;
    const scores: Tensor = randn([1, 1, t, t], new Rng(9));
    const keep = [1, 0, 1, 0.5, 0];
    const got = policySoftmax(scores, new T(Float32Array.from(keep), [1, t]));
    expect(maxAbsDiff(got.data, ref(Float64Array.from(scores.data), keep, t))).toBeLessThan(1e-6);
    const all = policySoftmax(scores, new T(new Float32Array(t).fill(1), [1, t]));
    expect(maxAbsDiff(all.data, softmax(scores, -1).data)).toBeLessThan(1e-5);
  });
});

describe("token hooks with BERT's padding mask", () => {
  it("the mask is carried through a count change: padded + hook equals the unpadded sequence", () => {
    const m = tinyBert();
    randomize(m, 21);
    m.setTokenHook(0, new KeepFirst(5));
    // 6 positions, 3 real: after block 0 the hook keeps 5 (3 real + 2 padding, still masked).
    const padded = noGrad(() => m.forward({ inputIds: indexTensor([4, 9, 2, 0, 0, 0], [1, 6]), attentionMask: indexTensor([1, 1, 1, 0, 0, 0], [1, 6]) }));
    const plain = noGrad(() => m.forward({ inputIds: indexTensor([4, 9, 2], [1, 3]) }));
    expect(maxAbsDiff(padded.logits.data, plain.logits.data)).toBeLessThan(1e-5);
    expect(m.spec().blocks.map((b) => b.tokensOut)).toEqual([5, 5, 5]);
  });
});
