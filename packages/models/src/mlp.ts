import type { Rng, Tensor } from "@trex/tensor";
import { gelu } from "@trex/tensor";
import { emitGelu } from "./emit-util.js";
import type { GraphEmitter } from "./graph-emitter.js";
import { Linear } from "./linear.js";
import type { ForwardContext } from "./module.js";
import { Module } from "./module.js";

/**
 * fc1 → exact GELU → fc2. The two Linears are registered by the owning block under its naming
 * (timm `mlp.fc1`/`mlp.fc2`, BERT `intermediate.dense`/`output.dense`); this module is the shareable
 * unit for weight sharing.
 */
export class Mlp extends Module {
  readonly fc1: Linear;
  readonly fc2: Linear;

  constructor(dim: number, hidden: number, rng: Rng, names: { fc1: string; fc2: string } = { fc1: "fc1", fc2: "fc2" }) {
    super();
    this.fc1 = this.registerModule(names.fc1, new Linear(dim, hidden, rng));
    this.fc2 = this.registerModule(names.fc2, new Linear(hidden, dim, rng));
  }

  get hidden(): number {
    return this.fc1.outFeatures;
  }

  forward(x: Tensor, ctx: ForwardContext, block: number): Tensor {
    const e1 = ctx.engineFor({ block, product: "fc1", kind: "static", name: `${this.fc1.path}.weight` });
    const e2 = ctx.engineFor({ block, product: "fc2", kind: "static", name: `${this.fc2.path}.weight` });
    return this.fc2.forward(gelu(this.fc1.forward(x, e1)), e2);
  }

  emit(g: GraphEmitter, x: string): string {
    const h = this.fc1.emit(g, x, 3);
    return this.fc2.emit(g, emitGelu(g, h, `/${this.fc1.path}/act`), 3);
  }
}
