import { type ForwardContext, type GraphEmitter, TokenHook, type TokenHookEmitInput, type TokenHookInput, type TokenHookResult } from "@trex/models";
import { type Tensor, concat, mean, mul, parameter, reshape, slice } from "@trex/tensor";

/**
 * A test token hook that changes the token count and has a parameter: it averages adjacent pairs of
 * patch tokens (prefix tokens kept) and scales the result per channel by a learned vector
 * (`blocks.i.token_hook.scale`). Forward in @trex/tensor ops, emit in ONNX ops — two implementations.
 */
export class PairMergeHook extends TokenHook {
  readonly kind = "pair-merge";
  readonly scale;

  constructor(
    readonly dim: number,
    values?: Float32Array,
  ) {
    super();
    const p = parameter([dim]);
    p.data.set(values ?? new Float32Array(dim).fill(1));
    this.scale = this.registerParameter("scale", p);
  }

  private merge(x: Tensor, prefix: number): Tensor {
    const [b, t, k] = x.shape;
    const n = t - prefix;
    const head = slice(x, 1, 0, prefix);
    const pairs = reshape(slice(x, 1, prefix, prefix + 2 * Math.floor(n / 2)), [b, Math.floor(n / 2), 2, k]);
    return concat([head, mean(pairs, 2)], 1);
  }

  forward(input: TokenHookInput, ctx: ForwardContext): TokenHookResult {
    const merged = this.merge(input.x, ctx.prefixTokens);
    return { x: mul(merged, this.scale), carry: (t) => this.merge(t, ctx.prefixTokens) };
  }

  tokensOut(tokensIn: number, prefixTokens: number): number {
    return prefixTokens + Math.floor((tokensIn - prefixTokens) / 2);
  }

  emit(g: GraphEmitter, input: TokenHookEmitInput): string {
    // The emitter knows prefix count only through the model: the test models have one (cls) token.
    const prefix = 1;
    const c = (hint: string, v: number[]) => g.constant(hint, "int64", [v.length], v);
    const head = g.op("Slice", [input.x, c("s0", [0]), c("e0", [prefix]), c("ax", [1])])[0];
    const tail = g.op("Slice", [input.x, c("s1", [prefix]), c("e1", [2 ** 30]), c("ax", [1])])[0];
    const pairs = g.op("Reshape", [tail, c("shape", [0, -1, 2, this.dim])])[0];
    const avg = g.op("ReduceMean", [pairs], { axes: { ints: [2] }, keepdims: { i: 0 } })[0];
    const cat = g.op("Concat", [head, avg], { axis: { i: 1 } })[0];
    return g.op("Mul", [cat, g.initializer(`${this.path}.scale`, this.scale)])[0];
  }

  clone(): PairMergeHook {
    return new PairMergeHook(this.dim, this.scale.data.slice());
  }
}
