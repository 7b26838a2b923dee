import type { ExtraOp } from "@trex/hw";
import type { Tensor } from "@trex/tensor";
import { add } from "@trex/tensor";
import { BlockTransform, type TransformSite } from "./block-transform.js";
import { op1 } from "./emit-util.js";
import type { GraphEmitter } from "./graph-emitter.js";
import { Linear } from "./linear.js";
import type { ForwardContext } from "./module.js";

/**
 * y + W·y + b with its own d×d weight (`<block>.<site>_transform.fc.*`), zero-initialised so a block
 * that starts sharing weights computes exactly what it did before training. The simplest MiniViT-style
 * per-block transform; plugins can supply their own BlockTransform.
 */
export class LinearAdapter extends BlockTransform {
  readonly kind = "linear-adapter";
  readonly fc: Linear;

  constructor(readonly dim: number) {
    super();
    this.fc = this.registerModule("fc", new Linear(dim, dim, null));
  }

  forward(x: Tensor, ctx: ForwardContext, block: number): Tensor {
    return add(x, this.fc.forward(x, ctx.engineFor({ block, product: "transform", kind: "static", name: `${this.fc.path}.weight` })));
  }

  extraOps(tokens: number, dim: number, site: TransformSite): ExtraOp[] {
    return [
      { kind: "static", component: "transform", name: `${site}_transform.fc`, in: dim, out: dim, tokens, weightGroup: `${this.path}.fc` },
      { kind: "elementwise", component: "transform", name: `${site}_transform.add`, fn: "add", n: tokens * dim },
    ];
  }

  emit(g: GraphEmitter, x: string): string {
    return op1(g, "Add", [x, this.fc.emit(g, x, 3)], undefined, `/${this.path}/Add`);
  }

  clone(): LinearAdapter {
    const c = new LinearAdapter(this.dim);
    c.fc.weight.assign(this.fc.weight.data);
    c.fc.bias!.assign(this.fc.bias!.data);
    return c;
  }
}
