import type { ProductEngine, Rng, Tensor } from "@trex/tensor";
import { idealEngine, linear, parameter } from "@trex/tensor";
import { truncParam } from "./param-init.js";
import { initValue, op1 } from "./emit-util.js";
import type { GraphEmitter } from "./graph-emitter.js";
import { Module } from "./module.js";

/** A PyTorch-layout Linear: weight [out, in], optional bias [out]; timm init (trunc-normal std .02, zero bias), or zeros when rng is null. */
export class Linear extends Module {
  readonly weight;
  readonly bias;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    rng: Rng | null,
    options: { bias?: boolean; std?: number } = {},
  ) {
    super();
    // rng null: all zeros (adapters that must start as the identity).
    this.weight = this.registerParameter("weight", rng ? truncParam([outFeatures, inFeatures], rng, options.std ?? 0.02) : parameter([outFeatures, inFeatures]));
    this.bias = options.bias === false ? null : this.registerParameter("bias", parameter([outFeatures]));
  }

  forward(x: Tensor, engine: ProductEngine = idealEngine): Tensor {
    return linear(x, this.weight, this.bias, engine);
  }

  /**
   * Emits the product as PyTorch's exporter does: Gemm(transB=1) for a 2-D input, else
   * Transpose(W) → MatMul → Add(bias, ·) (the bias is the Add's first input).
   */
  emit(g: GraphEmitter, x: string, rank: number): string {
    const scope = this.path;
    const w = initValue(g, this.weight, `${scope}.weight`);
    const b = this.bias ? initValue(g, this.bias, `${scope}.bias`) : null;
    if (rank === 2) return op1(g, "Gemm", b ? [x, w, b] : [x, w], { transB: { i: 1 } }, `/${scope}/Gemm`);
    const wt = op1(g, "Transpose", [w], { perm: { ints: [1, 0] } }, `/${scope}/Transpose`);
    const y = op1(g, "MatMul", [x, wt], undefined, `/${scope}/MatMul`);
    return b ? op1(g, "Add", [b, y], undefined, `/${scope}/Add`) : y;
  }
}
