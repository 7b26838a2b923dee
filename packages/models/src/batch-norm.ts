import type { Tensor } from "@trex/tensor";
import { batchNorm, parameter } from "@trex/tensor";
import { constParam } from "./param-init.js";
import { initValue, op1 } from "./emit-util.js";
import type { GraphEmitter } from "./graph-emitter.js";
import { Module } from "./module.js";

/**
 * BatchNorm2d with PyTorch names: `weight`, `bias` (trainable), `running_mean`, `running_var`
 * (buffers). Batch statistics in training, running statistics in eval.
 */
export class BatchNorm2d extends Module {
  readonly weight;
  readonly bias;
  readonly runningMean;
  readonly runningVar;

  constructor(
    readonly channels: number,
    readonly eps = 1e-5,
    readonly momentum = 0.1,
  ) {
    super();
    this.weight = this.registerParameter("weight", constParam([channels], 1));
    this.bias = this.registerParameter("bias", parameter([channels]));
    const rm = parameter([channels]);
    rm.requiresGrad = false;
    const rv = constParam([channels], 1);
    rv.requiresGrad = false;
    this.runningMean = this.registerBuffer("running_mean", rm);
    this.runningVar = this.registerBuffer("running_var", rv);
  }

  forward(x: Tensor, train: boolean): Tensor {
    return batchNorm(x, {
      weight: this.weight,
      bias: this.bias,
      runningMean: this.runningMean,
      runningVar: this.runningVar,
      training: train,
      momentum: this.momentum,
      eps: this.eps,
    });
  }

  /** Inference form (running statistics), as an unfused BatchNormalization node. */
  emit(g: GraphEmitter, x: string): string {
    const scope = this.path;
    const ins = [
      initValue(g, this.weight, `${scope}.weight`),
      initValue(g, this.bias, `${scope}.bias`),
      initValue(g, this.runningMean, `${scope}.running_mean`),
      initValue(g, this.runningVar, `${scope}.running_var`),
    ];
    return op1(g, "BatchNormalization", [x, ...ins], { epsilon: { f: this.eps }, momentum: { f: 1 - this.momentum } }, `/${scope}/BatchNormalization`);
  }
}
