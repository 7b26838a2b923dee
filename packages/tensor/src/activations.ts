import { getKernels } from "@trex/kernels";
import { type Tensor, makeResult } from "./tensor.js";

/** max(x, 0) elementwise (gradient 0 at x ≤ 0). */
export function relu(x: Tensor): Tensor {
  const d = x.data;
  const out = new Float32Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = Math.max(d[i], 0);
  return makeResult("relu", out, x.shape, [x], (g) => {
    const gx = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) gx[i] = d[i] > 0 ? g[i] : 0;
    return [gx];
  });
}

/** Exact GELU x·Φ(x) (erf form, as in PyTorch's default and ONNX Gelu), via the kernels backend. */
export function gelu(x: Tensor): Tensor {
  const out = new Float32Array(x.size);
  getKernels().gelu(x.data, out);
  return makeResult("gelu", out, x.shape, [x], (g) => {
    const gx = new Float32Array(g.length);
    getKernels().geluBackward(x.data, g, gx);
    return [gx];
  });
}

/** Hyperbolic tangent elementwise. */
export function tanh(x: Tensor): Tensor {
  const d = x.data;
  const out = new Float32Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = Math.tanh(d[i]);
  return makeResult("tanh", out, x.shape, [x], (g) => {
    const gx = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) gx[i] = g[i] * (1 - out[i] * out[i]);
    return [gx];
  });
}
