// Vector (f32x4) elementary functions shared by softmax and GELU.

/**
 * e^x on four lanes, Cephes `expf` scheme: x = n·ln2 + r with |r| ≤ ln2/2 (ln2 split in two so n·ln2 is
 * exact), e^r by a degree-7 polynomial, 2^n built in the exponent bits. Max relative error ≈ 2 ulp for
 * x in [−87.3, 88.7]; below −87.3 the result is flushed to 0 (the true value is < 1.2e-38, a denormal),
 * above 88.7 it saturates at e^88.7 (no caller here passes such x: softmax and erfc use x ≤ 0).
 */
// @ts-ignore: decorator
@inline
export function expV(x: v128): v128 {
  const underflow = f32x4.lt(x, f32x4.splat(-87.3));
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.3)), f32x4.splat(88.7));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  // 2^n: n + 127 in the exponent field (n ∈ [−126, 128] after the clamp; 128 only at the saturation edge).
  const pow2 = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return v128.andnot(f32x4.mul(p, pow2), underflow);
}

/** Sum of the four lanes. */
// @ts-ignore: decorator
@inline
export function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** Maximum of the four lanes. */
// @ts-ignore: decorator
@inline
export function hmax(v: v128): f32 {
  return max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

/** Loads cnt (1..3) floats into the low lanes, zeros elsewhere. */
// @ts-ignore: decorator
@inline
export function loadTail(p: usize, cnt: i32): v128 {
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (cnt > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (cnt > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores the low cnt (1..3) lanes. */
// @ts-ignore: decorator
@inline
export function storeTail(p: usize, v: v128, cnt: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (cnt > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (cnt > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}
