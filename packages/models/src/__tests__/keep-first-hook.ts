import type { Tensor } from "@trex/tensor";
import { slice } from "@trex/tensor";
import type { GraphEmitter, TokenHookEmitInput, TokenHookInput, TokenHookResult } from "../index.js";
import { TokenHook } from "../index.js";

/** A real (inference-form) token hook: keeps the first `keep` tokens. */
export class KeepFirst extends TokenHook {
  readonly kind = "keep-first";
  constructor(readonly keep: number) {
    super();
  }
  forward(i: TokenHookInput): TokenHookResult {
    const carry = (t: Tensor) => slice(t, 1, 0, this.keep);
    return { x: carry(i.x), carry };
  }
  tokensOut(t: number): number {
    return Math.min(t, this.keep);
  }
  emit(g: GraphEmitter, i: TokenHookEmitInput): string {
    const c = (v: number) => g.constant("k", "int64", [1], [v]);
    return g.op("Slice", [i.x, c(0), c(this.keep), c(1)], undefined, { name: `/${this.path}/Slice` })[0];
  }
  clone(): KeepFirst {
    return new KeepFirst(this.keep);
  }
}

