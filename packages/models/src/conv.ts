import type { ProductEngine, Rng, Tensor } from "@trex/tensor";
import { conv2d, idealEngine, parameter } from "@trex/tensor";
import { truncParam } from "./param-init.js";
import { initValue, op1 } from "./emit-util.js";
import type { GraphEmitter } from "./graph-emitter.js";
import { Module } from "./module.js";

export interface Conv2dConfig {
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  padding: number;
  bias: boolean;
}

/** A square-kernel Conv2d, weight [O, C, k, k] (PyTorch layout), routed through a ProductEngine. */
export class Conv2d extends Module {
  readonly weight;
  readonly bias;

  constructor(
    readonly config: Conv2dConfig,
    rng: Rng,
  ) {
    super();
    const { inChannels: c, outChannels: o, kernel: k } = config;
    // timm inits patch projections like a Linear over the flattened patch (trunc-normal); std .02 keeps
    // every layer of a fresh model on the same scale.
    this.weight = this.registerParameter("weight", truncParam([o, c, k, k], rng));
    this.bias = config.bias ? this.registerParameter("bias", parameter([o])) : null;
  }

  forward(x: Tensor, engine: ProductEngine = idealEngine): Tensor {
    return conv2d(x, this.weight, this.bias, { stride: this.config.stride, padding: this.config.padding, engine });
  }

  emit(g: GraphEmitter, x: string): string {
    const scope = this.path;
    const { kernel: k, stride: s, padding: p } = this.config;
    const w = initValue(g, this.weight, `${scope}.weight`);
    const inputs = this.bias ? [x, w, initValue(g, this.bias, `${scope}.bias`)] : [x, w];
    return op1(
      g,
      "Conv",
      inputs,
      { kernel_shape: { ints: [k, k] }, strides: { ints: [s, s] }, pads: { ints: [p, p, p, p] }, dilations: { ints: [1, 1] }, group: { i: 1 } },
      `/${scope}/Conv`,
    );
  }
}
