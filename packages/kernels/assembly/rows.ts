// Row-wise kernels on rows×cols row-major matrices: softmax, LayerNorm, column sums. Vectorised over four
// columns; a ragged tail of cols % 4 runs scalar. Sums accumulate in four f32 lanes (error ≈ cols/4 ulps
// of the sum of magnitudes, well inside the tolerances a float32 network cares about).
import { expV, hmax, hsum, loadTail, storeTail } from "./vmath";

/** out = softmax(x) per row, max-subtracted; out may equal x. */
export function softmaxRows(x: usize, out: usize, rows: i32, cols: i32): void {
  const cols4 = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const xr = x + ((<usize>r * cols) << 2);
    const or = out + ((<usize>r * cols) << 2);
    let mv = f32x4.splat(-Infinity);
    for (let c = 0; c < cols4; c += 4) mv = f32x4.max(mv, v128.load(xr + (<usize>c << 2)));
    let mx = hmax(mv);
    for (let c = cols4; c < cols; c++) mx = max(mx, load<f32>(xr + (<usize>c << 2)));
    // An all −∞ row has no softmax; subtracting 0 lets it come out NaN rather than inventing values.
    if (mx == -Infinity) mx = 0;
    const mxv = f32x4.splat(mx);
    let sv = f32x4.splat(0);
    // Two vectors per step so their exp chains overlap; the sum still adds them in column order.
    const cols8 = cols & ~7;
    for (let c = 0; c < cols8; c += 8) {
      const off = <usize>c << 2;
      const e0 = expV(f32x4.sub(v128.load(xr + off), mxv));
      const e1 = expV(f32x4.sub(v128.load(xr + off, 16), mxv));
      sv = f32x4.add(sv, e0);
      sv = f32x4.add(sv, e1);
      v128.store(or + off, e0);
      v128.store(or + off, e1, 16);
    }
    for (let c = cols8; c < cols; c += 4) {
      const off = <usize>c << 2;
      const cnt = min(4, cols - c);
      // Padding lanes of a tail hold −∞ so they contribute e^−∞ = 0 to the sum.
      const v = cnt == 4 ? v128.load(xr + off) : v128.bitselect(loadTail(xr + off, cnt), f32x4.splat(-Infinity), tailMask(cnt));
      const e = expV(f32x4.sub(v, mxv));
      sv = f32x4.add(sv, e);
      if (cnt == 4) v128.store(or + off, e);
      else storeTail(or + off, e, cnt);
    }
    const inv = f32x4.splat(<f32>1 / hsum(sv));
    for (let c = 0; c < cols4; c += 4) {
      const off = <usize>c << 2;
      v128.store(or + off, f32x4.mul(v128.load(or + off), inv));
    }
    for (let c = cols4; c < cols; c++) {
      const off = <usize>c << 2;
      store<f32>(or + off, load<f32>(or + off) * f32x4.extract_lane(inv, 0));
    }
  }
}

/** All-ones lanes for the first cnt lanes (1..3), zeros elsewhere. */
// @ts-ignore: decorator
@inline
function tailMask(cnt: i32): v128 {
  return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(cnt));
}

/** LayerNorm per row (two-pass variance); writes per-row mean and rstd = 1/√(var + eps). */
export function layerNormRows(
  x: usize,
  gamma: usize,
  beta: usize,
  out: usize,
  mean: usize,
  rstd: usize,
  rows: i32,
  cols: i32,
  eps: f64,
): void {
  const cols4 = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const xr = x + ((<usize>r * cols) << 2);
    const or = out + ((<usize>r * cols) << 2);
    // Shifted sums: subtracting the row's first element first keeps the mean accurate for rows with a
    // large common offset (e.g. 1e4 + noise), where a plain float32 sum would lose the noise.
    const shift = cols > 0 ? load<f32>(xr) : 0;
    const shv = f32x4.splat(shift);
    let sv = f32x4.splat(0);
    for (let c = 0; c < cols4; c += 4) sv = f32x4.add(sv, f32x4.sub(v128.load(xr + (<usize>c << 2)), shv));
    let s = hsum(sv);
    for (let c = cols4; c < cols; c++) s += load<f32>(xr + (<usize>c << 2)) - shift;
    // Deviations are formed as (x − shift) − delta so the mean's float32 rounding never enters them.
    const delta = s / <f32>cols;
    const mu = shift + delta;
    const dv = f32x4.splat(delta);
    let vv = f32x4.splat(0);
    for (let c = 0; c < cols4; c += 4) {
      const d = f32x4.sub(f32x4.sub(v128.load(xr + (<usize>c << 2)), shv), dv);
      vv = f32x4.add(vv, f32x4.mul(d, d));
    }
    let v = hsum(vv);
    for (let c = cols4; c < cols; c++) {
      const d = load<f32>(xr + (<usize>c << 2)) - shift - delta;
      v += d * d;
    }
    // In float64 (once per row) so eps, e.g. 1e-5, is not rounded to float32 first.
    const rs = <f32>(1 / Math.sqrt(<f64>v / <f64>cols + eps));
    store<f32>(mean + ((<usize>r) << 2), mu);
    store<f32>(rstd + ((<usize>r) << 2), rs);
    const rsv = f32x4.splat(rs);
    for (let c = 0; c < cols4; c += 4) {
      const off = <usize>c << 2;
      const n = f32x4.mul(f32x4.sub(f32x4.sub(v128.load(xr + off), shv), dv), rsv);
      v128.store(or + off, f32x4.add(f32x4.mul(n, v128.load(gamma + off)), v128.load(beta + off)));
    }
    for (let c = cols4; c < cols; c++) {
      const off = <usize>c << 2;
      store<f32>(or + off, (load<f32>(xr + off) - shift - delta) * rs * load<f32>(gamma + off) + load<f32>(beta + off));
    }
  }
}

/** out[c] (+)= Σ_r x[r, c]. */
export function sumRows(x: usize, out: usize, rows: i32, cols: i32, accumulate: bool): void {
  const cols4 = cols & ~3;
  for (let c = 0; c < cols4; c += 4) {
    const off = <usize>c << 2;
    const acc = accumulate ? v128.load(out + off) : f32x4.splat(0);
    // Sum the column block first, then add to out: the (large) previous value is added once, not per row.
    let s = f32x4.splat(0);
    for (let r = 0; r < rows; r++) s = f32x4.add(s, v128.load(x + ((<usize>r * cols) << 2) + off));
    v128.store(out + off, f32x4.add(acc, s));
  }
  for (let c = cols4; c < cols; c++) {
    const off = <usize>c << 2;
    let s: f32 = 0;
    for (let r = 0; r < rows; r++) s += load<f32>(x + ((<usize>r * cols) << 2) + off);
    store<f32>(out + off, accumulate ? load<f32>(out + off) + s : s);
  }
}
