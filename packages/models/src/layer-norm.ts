import type { Tensor } from "@trex/tensor";
import { layerNorm, parameter } from "@trex/tensor";
import { constParam } from "./param-init.js";
import { initValue, op1 } from "./emit-util.js";
import type { GraphEmitter } from "./graph-emitter.js";
import { Module } from "./module.js";

/** LayerNorm over the last axis with affine gain/bias (PyTorch names `weight`, `bias`; init ones/zeros). */
export class LayerNorm extends Module {
  readonly weight;
  readonly bias;

  constructor(
    readonly dim: number,
    readonly eps: number,
  ) {
    super();
    this.weight = this.registerParameter("weight", constParam([dim], 1));
    this.bias = this.registerParameter("bias", parameter([dim]));
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.weight, this.bias, this.eps);
  }

  emit(g: GraphEmitter, x: string): string {
    const scope = this.path;
    const w = initValue(g, this.weight, `${scope}.weight`);
    const b = initValue(g, this.bias, `${scope}.bias`);
    return op1(g, "LayerNormalization", [x, w, b], { axis: { i: -1 }, epsilon: { f: this.eps } }, `/${scope}/LayerNormalization`);
  }
}
