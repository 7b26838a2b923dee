// Backward passes of the row-wise kernels (softmax, LayerNorm) on rows×cols row-major matrices, one pass
// over each row's data plus one to write dx. Vectorised over four columns, ragged tail scalar. Row sums
// run in four f32 lanes (cols is a feature width, small); the LayerNorm parameter gradients, summed over
// all rows (thousands), accumulate in float64 lanes so their error does not grow with the row count.
import { hsum } from "./vmath";

/** dx = y ⊙ (dy − Σ_c dy·y) per row (softmax backward from its output y); dx may equal dy. */
export function softmaxBackwardRows(y: usize, dy: usize, dx: usize, rows: i32, cols: i32): void {
  const cols4 = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const ro = (<usize>r * cols) << 2;
    const yr = y + ro;
    const gr = dy + ro;
    const xr = dx + ro;
    let dv = f32x4.splat(0);
    for (let c = 0; c < cols4; c += 4) {
      const off = <usize>c << 2;
      dv = f32x4.add(dv, f32x4.mul(v128.load(gr + off), v128.load(yr + off)));
    }
    let dot = hsum(dv);
    for (let c = cols4; c < cols; c++) dot += load<f32>(gr + (<usize>c << 2)) * load<f32>(yr + (<usize>c << 2));
    const dotv = f32x4.splat(dot);
    for (let c = 0; c < cols4; c += 4) {
      const off = <usize>c << 2;
      v128.store(xr + off, f32x4.mul(v128.load(yr + off), f32x4.sub(v128.load(gr + off), dotv)));
    }
    for (let c = cols4; c < cols; c++) {
      const off = <usize>c << 2;
      store<f32>(xr + off, load<f32>(yr + off) * (load<f32>(gr + off) - dot));
    }
  }
}

/** Bytes of float64 scratch layerNormBackwardRows needs: two accumulators per column. */
export function layerNormBackwardWorkspaceBytes(cols: i32): i32 {
  return cols << 4;
}

/**
 * LayerNorm backward from the forward's per-row mean and rstd: with x̂ = (x − mean)·rstd and d = dy·gamma,
 * dx = rstd·(d − mean_c(d) − x̂·mean_c(d·x̂)); dgamma = Σ_r dy·x̂, dbeta = Σ_r dy (written, not added).
 * ws holds layerNormBackwardWorkspaceBytes(cols) bytes (16-byte aligned).
 */
export function layerNormBackwardRows(
  x: usize,
  gamma: usize,
  mean: usize,
  rstd: usize,
  dy: usize,
  dx: usize,
  dgamma: usize,
  dbeta: usize,
  ws: usize,
  rows: i32,
  cols: i32,
): void {
  const cols4 = cols & ~3;
  // ws: Σ dy·x̂ per column at ws, Σ dy at ws + 8·cols (float64 each).
  const wsB = ws + ((<usize>cols) << 3);
  memory.fill(ws, 0, (<usize>cols) << 4);
  const invCols = <f32>1 / <f32>cols;
  for (let r = 0; r < rows; r++) {
    const ro = (<usize>r * cols) << 2;
    const xr = x + ro;
    const gr = dy + ro;
    const m = load<f32>(mean + ((<usize>r) << 2));
    const s = load<f32>(rstd + ((<usize>r) << 2));
    const mv = f32x4.splat(m);
    const sv = f32x4.splat(s);
    let sd = f32x4.splat(0);
    let sdx = f32x4.splat(0);
    for (let c = 0; c < cols4; c += 4) {
      const off = <usize>c << 2;
      const xh = f32x4.mul(f32x4.sub(v128.load(xr + off), mv), sv);
      const g = v128.load(gr + off);
      const d = f32x4.mul(g, v128.load(gamma + off));
      sd = f32x4.add(sd, d);
      sdx = f32x4.add(sdx, f32x4.mul(d, xh));
      const gx = f32x4.mul(g, xh);
      const wo = <usize>c << 3;
      v128.store(ws + wo, f64x2.add(v128.load(ws + wo), f64x2.promote_low_f32x4(gx)));
      v128.store(ws + wo + 16, f64x2.add(v128.load(ws + wo + 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(gx, gx, 2, 3, 0, 1))));
      v128.store(wsB + wo, f64x2.add(v128.load(wsB + wo), f64x2.promote_low_f32x4(g)));
      v128.store(wsB + wo + 16, f64x2.add(v128.load(wsB + wo + 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(g, g, 2, 3, 0, 1))));
    }
    let sumD = hsum(sd);
    let sumDX = hsum(sdx);
    for (let c = cols4; c < cols; c++) {
      const off = <usize>c << 2;
      const xh = (load<f32>(xr + off) - m) * s;
      const g = load<f32>(gr + off);
      const d = g * load<f32>(gamma + off);
      sumD += d;
      sumDX += d * xh;
      const wo = <usize>c << 3;
      store<f64>(ws + wo, load<f64>(ws + wo) + <f64>(g * xh));
      store<f64>(wsB + wo, load<f64>(wsB + wo) + <f64>g);
    }
    const a = sumD * invCols;
    const b = sumDX * invCols;
    const av = f32x4.splat(a);
    const bv = f32x4.splat(b);
    const xo = dx + ro;
    for (let c = 0; c < cols4; c += 4) {
      const off = <usize>c << 2;
      const xh = f32x4.mul(f32x4.sub(v128.load(xr + off), mv), sv);
      const d = f32x4.mul(v128.load(gr + off), v128.load(gamma + off));
      v128.store(xo + off, f32x4.mul(sv, f32x4.sub(f32x4.sub(d, av), f32x4.mul(xh, bv))));
    }
    for (let c = cols4; c < cols; c++) {
      const off = <usize>c << 2;
      const xh = (load<f32>(xr + off) - m) * s;
      const d = load<f32>(gr + off) * load<f32>(gamma + off);
      store<f32>(xo + off, s * (d - a - xh * b));
    }
  }
  for (let c = 0; c < cols; c++) {
    store<f32>(dgamma + ((<usize>c) << 2), <f32>load<f64>(ws + ((<usize>c) << 3)));
    store<f32>(dbeta + ((<usize>c) << 2), <f32>load<f64>(wsB + ((<usize>c) << 3)));
  }
}
