import type { ExtraOp } from "@trex/hw";
import type { Tensor } from "@trex/tensor";
import { gather, indexTensor } from "@trex/tensor";
import type { ForwardContext, GraphEmitter, TokenHookEmitInput, TokenHookInput, TokenHookResult } from "../index.js";
import { TokenHook } from "../index.js";

/**
 * A test plugin (EViT-like, no parameters): keeps the prefix tokens and the `keep` patch tokens the class
 * token attends to most (mean over heads), in their original order.
 */
export class TopTokensHook extends TokenHook {
  readonly kind = "top-tokens";
  constructor(readonly keep: number) {
    super();
  }

  forward(input: TokenHookInput, ctx: ForwardContext): TokenHookResult {
    const { x, attention } = input;
    if (!attention) throw new Error("TopTokensHook needs a computed attention");
    const [b, t] = x.shape;
    const [, h] = attention.probs.shape;
    const pre = ctx.prefixTokens;
    const keepIdx: number[][] = [];
    for (let s = 0; s < b; s++) {
      const score: number[] = [];
      for (let j = pre; j < t; j++) {
        let v = 0;
        for (let hh = 0; hh < h; hh++) v += attention.probs.data[((s * h + hh) * t + 0) * t + j];
        score.push(v);
      }
      const order = score.map((v, i) => [v, i + pre]).sort((p, q) => q[0] - p[0] || p[1] - q[1]).slice(0, this.keep).map((p) => p[1]).sort((p, q) => p - q);
      keepIdx.push([...Array.from({ length: pre }, (_, i) => i), ...order]);
    }
    const tOut = pre + this.keep;
    const carry = (y: Tensor): Tensor => {
      const k = y.shape[2];
      const idx = new Int32Array(b * tOut * k);
      for (let s = 0; s < b; s++) for (let i = 0; i < tOut; i++) for (let c = 0; c < k; c++) idx[(s * tOut + i) * k + c] = keepIdx[s][i];
      return gather(y, 1, indexTensor(idx, [b, tOut, k]));
    };
    return { x: carry(x), carry };
  }

  tokensOut(tokensIn: number, prefixTokens: number): number {
    return Math.min(tokensIn, prefixTokens + this.keep);
  }

  override extraOps(tokensIn: number): ExtraOp[] {
    return [{ kind: "elementwise", component: "other", name: "top-tokens.sort", fn: "sort", n: tokensIn }];
  }

  emit(g: GraphEmitter, input: TokenHookEmitInput): string {
    void g;
    void input;
    throw new Error("TopTokensHook is a test hook without an ONNX form");
  }

  clone(): TopTokensHook {
    return new TopTokensHook(this.keep);
  }
}
