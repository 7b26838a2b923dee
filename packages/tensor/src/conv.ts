import { getKernels } from "@trex/kernels";
import { ArgumentError, ShapeError, fmtShape } from "./errors.js";
import { idealEngine } from "./ideal-engine.js";
import type { ProductEngine } from "./product-engine.js";
import { weightHandle } from "./routed-products.js";
import { type Tensor, makeResult } from "./tensor.js";

export interface Conv2dOptions {
  /** Stride [sh, sw] or one number for both. Default 1. */
  stride?: number | readonly [number, number];
  /** Zero padding [ph, pw] or one number for both. Default 0. */
  padding?: number | readonly [number, number];
  /** Engine for the weight product (default ideal): a conv is a Linear over im2col patches. */
  engine?: ProductEngine;
}

interface Geometry {
  n: number;
  c: number;
  h: number;
  w: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  oh: number;
  ow: number;
}

/** im2col: one row per output position (n, oy, ox), one column per (c, ky, kx); zeros outside the image. */
function im2col(x: Float32Array, g: Geometry): Float32Array {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow } = g;
  const ck = c * kh * kw;
  const cols = new Float32Array(n * oh * ow * ck);
  let r = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++, r++) {
        let col = r * ck;
        const x0 = ox * sw - pw;
        for (let ch = 0; ch < c; ch++) {
          const plane = (b * c + ch) * h;
          for (let ky = 0; ky < kh; ky++, col += kw) {
            const iy = oy * sh - ph + ky;
            if (iy < 0 || iy >= h) continue;
            const rowOff = (plane + iy) * w;
            for (let kx = 0; kx < kw; kx++) {
              const ix = x0 + kx;
              if (ix >= 0 && ix < w) cols[col + kx] = x[rowOff + ix];
            }
          }
        }
      }
    }
  }
  return cols;
}

/** The adjoint of im2col: scatters column gradients back onto the image (overlaps add). */
function col2im(dcols: Float32Array, g: Geometry): Float32Array {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow } = g;
  const ck = c * kh * kw;
  const dx = new Float32Array(n * c * h * w);
  let r = 0;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++, r++) {
        let col = r * ck;
        const x0 = ox * sw - pw;
        for (let ch = 0; ch < c; ch++) {
          const plane = (b * c + ch) * h;
          for (let ky = 0; ky < kh; ky++, col += kw) {
            const iy = oy * sh - ph + ky;
            if (iy < 0 || iy >= h) continue;
            const rowOff = (plane + iy) * w;
            for (let kx = 0; kx < kw; kx++) {
              const ix = x0 + kx;
              if (ix >= 0 && ix < w) dx[rowOff + ix] += dcols[col + kx];
            }
          }
        }
      }
    }
  }
  return dx;
}

function pair(v: number | readonly [number, number] | undefined, dflt: number, name: string): [number, number] {
  const p: [number, number] = v === undefined ? [dflt, dflt] : typeof v === "number" ? [v, v] : [v[0], v[1]];
  const min = name === "stride" ? 1 : 0;
  if (!p.every((q) => Number.isInteger(q) && q >= min)) {
    throw new ArgumentError(`conv2d: ${name} ${JSON.stringify(v)} must be integers >= ${min}.`);
  }
  return p;
}

/**
 * 2-D convolution (cross-correlation, PyTorch/ONNX Conv semantics) of x[N, C, H, W] with
 * weight[O, C, KH, KW] and optional bias[O], by im2col + one GEMM routed through the engine.
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv2dOptions = {}): Tensor {
  if (x.ndim !== 4 || weight.ndim !== 4 || weight.shape[1] !== x.shape[1]) {
    throw new ShapeError(
      `conv2d: input ${fmtShape(x.shape)} and weight ${fmtShape(weight.shape)} must be [N, C, H, W] and [O, C, KH, KW].`,
    );
  }
  const [sh, sw] = pair(options.stride, 1, "stride");
  const [ph, pw] = pair(options.padding, 0, "padding");
  const engine = options.engine ?? idealEngine;
  const [n, c, h, w] = x.shape;
  const [o, , kh, kw] = weight.shape;
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== o)) {
    throw new ShapeError(`conv2d: bias ${fmtShape(bias.shape)} must be [${o}].`);
  }
  const oh = Math.floor((h + 2 * ph - kh) / sh) + 1;
  const ow = Math.floor((w + 2 * pw - kw) / sw) + 1;
  if (oh <= 0 || ow <= 0) {
    throw new ShapeError(`conv2d: kernel ${kh}x${kw} does not fit input ${h}x${w} with padding ${ph},${pw}.`);
  }
  const geo: Geometry = { n, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow };
  const ck = c * kh * kw;
  const p = oh * ow;
  const rows = n * p;
  const cols = im2col(x.data, geo);
  const y2d = engine.linear(cols, rows, ck, weight.data, o, weightHandle(weight));
  if (y2d.length !== rows * o) throw new ShapeError(`conv2d: engine "${engine.id}" returned ${y2d.length} values, expected ${rows * o}.`);
  // [N·P, O] → [N, O, P], adding the bias on the way.
  const out = new Float32Array(n * o * p);
  const bd = bias ? bias.data : null;
  for (let b = 0; b < n; b++) {
    for (let q = 0; q < p; q++) {
      const src = (b * p + q) * o;
      for (let f = 0; f < o; f++) out[(b * o + f) * p + q] = y2d[src + f] + (bd ? bd[f] : 0);
    }
  }
  const parents = bias ? [x, weight, bias] : [x, weight];
  return makeResult("conv2d", out, [n, o, oh, ow], parents, (g) => {
    const k = getKernels();
    // [N, O, P] → [N·P, O]: the transpose of the forward's output layout.
    const g2d = new Float32Array(rows * o);
    k.permute(g, g2d, [n, o, p], [0, 2, 1]);
    let gx: Float32Array | null = null;
    let gw: Float32Array | null = null;
    let gb: Float32Array | null = null;
    if (x.requiresGrad) {
      const dcols = new Float32Array(rows * ck);
      k.gemm(g2d, weight.data, dcols, rows, ck, o, false, false, false);
      gx = col2im(dcols, geo);
    }
    if (weight.requiresGrad) {
      gw = new Float32Array(weight.size);
      k.gemm(g2d, cols, gw, o, ck, rows, true, false, false);
    }
    if (bias?.requiresGrad) {
      gb = new Float32Array(o);
      k.sumRows(g2d, gb, rows, o, false);
    }
    return [gx, gw, gb];
  });
}
