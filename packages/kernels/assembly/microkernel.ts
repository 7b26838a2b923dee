// The GEMM micro-kernel: a 4×8 tile of C (+)= A panel · B panel over kc steps, unrolled over the tile so
// its 8 f32x4 accumulators stay in registers. Tuned on this machine (V8 in Node 20, x64, see README):
// - 4×8 and 2×16 tiles reach ~41 GFLOP/s; tiles with 9+ accumulators (6×8, 5×8, 4×12, 3×12) fall to
//   18–27 GFLOP/s because V8 uses only xmm0–xmm15 (one is its scratch) and starts spilling;
// - unrolling the k loop also spills (Binaryen hoists the second step's loads);
// - one induction variable serves both panels: A panels are padded to A_STEP = NR floats per k step, so
//   A's address is B's plus a loop-invariant difference, saving an add and a compare per step.
// Written out long-hand: AssemblyScript has no macros.

/** Rows of the register tile (A panel height). */
export const MR: i32 = 4;
/** Columns of the register tile (B panel width): two f32x4 vectors. */
export const NR: i32 = 8;
/** Floats per k step in a packed A panel (MR used, the rest padding; equal to NR, see above). */
export const A_STEP: i32 = 8;

/**
 * a·b + c on four lanes: one fused multiply-add where the module is built with relaxed SIMD (the result may
 * then be fused or not, per the relaxed-SIMD spec; either is within the error bounds the tests enforce), a
 * multiply and an add otherwise. The branch is resolved at compile time.
 */
// @ts-ignore: decorator
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/**
 * Computes the 4×8 product of packed panels a (kc steps of A_STEP floats, the first MR used) and b (kc
 * steps of NR floats) and writes it to c (row stride ldc floats): c = acc when overwrite, else c += acc.
 */
// @ts-ignore: decorator
@inline
export function microKernel(kc: i32, a: usize, b: usize, c: usize, ldc: i32, overwrite: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const d = a - b;
  const end = b + ((<usize>kc * NR) << 2);
  for (; b < end; b += NR << 2) {
    const b0 = v128.load(b, 0);
    const b1 = v128.load(b, 16);
    const a0 = v128.load32_splat(b + d, 0);
    c00 = madd(a0, b0, c00);
    c01 = madd(a0, b1, c01);
    const a1 = v128.load32_splat(b + d, 4);
    c10 = madd(a1, b0, c10);
    c11 = madd(a1, b1, c11);
    const a2 = v128.load32_splat(b + d, 8);
    c20 = madd(a2, b0, c20);
    c21 = madd(a2, b1, c21);
    const a3 = v128.load32_splat(b + d, 12);
    c30 = madd(a3, b0, c30);
    c31 = madd(a3, b1, c31);
  }
  const rs = <usize>ldc << 2;
  if (overwrite) {
    v128.store(c + 0 * rs, c00, 0);
    v128.store(c + 0 * rs, c01, 16);
    v128.store(c + 1 * rs, c10, 0);
    v128.store(c + 1 * rs, c11, 16);
    v128.store(c + 2 * rs, c20, 0);
    v128.store(c + 2 * rs, c21, 16);
    v128.store(c + 3 * rs, c30, 0);
    v128.store(c + 3 * rs, c31, 16);
  } else {
    v128.store(c + 0 * rs, f32x4.add(v128.load(c + 0 * rs, 0), c00), 0);
    v128.store(c + 0 * rs, f32x4.add(v128.load(c + 0 * rs, 16), c01), 16);
    v128.store(c + 1 * rs, f32x4.add(v128.load(c + 1 * rs, 0), c10), 0);
    v128.store(c + 1 * rs, f32x4.add(v128.load(c + 1 * rs, 16), c11), 16);
    v128.store(c + 2 * rs, f32x4.add(v128.load(c + 2 * rs, 0), c20), 0);
    v128.store(c + 2 * rs, f32x4.add(v128.load(c + 2 * rs, 16), c21), 16);
    v128.store(c + 3 * rs, f32x4.add(v128.load(c + 3 * rs, 0), c30), 0);
    v128.store(c + 3 * rs, f32x4.add(v128.load(c + 3 * rs, 16), c31), 16);
  }
}
