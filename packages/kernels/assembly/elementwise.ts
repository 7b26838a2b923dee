// Elementwise arithmetic on n floats (residual adds, gradient sums, scalings): f32x4 lanes, scalar tail.
// Results equal the TypeScript loops bit for bit: +, −, ×, ÷ of two floats rounded once to f32 is what
// JavaScript's float64 arithmetic rounded on store gives, and scale multiplies in float64 like JS does.

/** out = a op b with op 0: +, 1: −, 2: ×, 3: ÷; out may equal a or b. */
export function binary(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const off = <usize>i << 2;
    const x = v128.load(a + off);
    const y = v128.load(b + off);
    let r: v128;
    if (op == 0) r = f32x4.add(x, y);
    else if (op == 1) r = f32x4.sub(x, y);
    else if (op == 2) r = f32x4.mul(x, y);
    else r = f32x4.div(x, y);
    v128.store(out + off, r);
  }
  for (let i = n4; i < n; i++) {
    const off = <usize>i << 2;
    const x = load<f32>(a + off);
    const y = load<f32>(b + off);
    let r: f32;
    if (op == 0) r = x + y;
    else if (op == 1) r = x - y;
    else if (op == 2) r = x * y;
    else r = x / y;
    store<f32>(out + off, r);
  }
}

/** out = x·s with the product formed in float64 (s is a JS number) and rounded once; out may equal x. */
export function scale(x: usize, s: f64, out: usize, n: i32): void {
  const n4 = n & ~3;
  const sv = f64x2.splat(s);
  for (let i = 0; i < n4; i += 4) {
    const off = <usize>i << 2;
    const v = v128.load(x + off);
    const lo = f64x2.mul(f64x2.promote_low_f32x4(v), sv);
    const hi = f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)), sv);
    const dl = f32x4.demote_f64x2_zero(lo);
    const dh = f32x4.demote_f64x2_zero(hi);
    v128.store(out + off, v128.shuffle<f32>(dl, dh, 0, 1, 4, 5));
  }
  for (let i = n4; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(out + off, <f32>(<f64>load<f32>(x + off) * s));
  }
}
