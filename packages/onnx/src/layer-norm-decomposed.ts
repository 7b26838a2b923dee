import type { GraphView, Use } from "./graph-view.js";
import { attrInt, attrInts } from "./proto.js";

/** The parts of a LayerNorm that opset ≤ 16 exports spell out op by op. */
export interface DecomposedNorm {
  gain: string;
  bias: string;
  eps: number;
  output: string;
  node: Use;
}

function lastAxisMean(g: GraphView, u: Use): boolean {
  if (u.node.opType !== "ReduceMean" || attrInt(u.node, "keepdims", 1) !== 1) return false;
  const axes = attrInts(u.node, "axes") ?? g.constant(g.in(u, 1));
  return axes?.length === 1 && (axes[0] === -1 || axes[0] === 2);
}

/**
 * LayerNorm as PyTorch writes it below opset 17:
 * mean = ReduceMean(x) → d = Sub(x, mean) → ReduceMean(Pow(d, 2)) → Add(eps) → Sqrt → Div(d, ·) → Mul(γ) → Add(β).
 * Returns null when `x` is not read by such a pattern.
 */
export function decomposedLayerNorm(g: GraphView, x: string, what: string): DecomposedNorm | null {
  const mean = g.uses(x).find((u) => lastAxisMean(g, u));
  if (!mean) return null;
  const sub = g.uses(g.out(mean), "Sub").find((u) => u.slot === 1 && g.in(u, 0) === x);
  if (!sub) throw g.fail(`${what}: ReduceMean over the features is not followed by Sub(x, mean) (a LayerNorm)`, mean);
  const d = g.out(sub);
  const pow = g.use(d, "Pow", `${what} (LayerNorm variance)`);
  if (g.scalar(g.in(pow, 1)) !== 2) throw g.fail(`${what}: LayerNorm variance squares with exponent ${g.scalar(g.in(pow, 1))}`, pow);
  const varMean = g.uses(g.out(pow)).find((u) => lastAxisMean(g, u));
  if (!varMean) throw g.fail(`${what}: LayerNorm variance is not a mean over the features`, pow);
  const addEps = g.use(g.out(varMean), "Add", `${what} (LayerNorm eps)`);
  const eps = g.scalar(g.other(addEps));
  if (eps === null) throw g.fail(`${what}: LayerNorm eps is not a constant`, addEps);
  const sqrt = g.use(g.out(addEps), "Sqrt", `${what} (LayerNorm)`);
  const div = g.use(g.out(sqrt), "Div", `${what} (LayerNorm)`);
  if (div.slot !== 1 || g.in(div, 0) !== d) throw g.fail(`${what}: LayerNorm does not divide (x − mean) by the deviation`, div);
  const mul = g.use(g.out(div), "Mul", `${what} (LayerNorm gain)`);
  const add = g.use(g.out(mul), "Add", `${what} (LayerNorm bias)`);
  return { gain: g.other(mul), bias: g.other(add), eps, output: g.out(add), node: mean };
}
