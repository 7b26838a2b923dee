// f32 GEMM, BLIS-style: op(B) is packed into kc×NR column panels and op(A) into kc×MR row panels, so the
// transposes are absorbed by the packing routines and one register-tiled SIMD micro-kernel serves A·B,
// A·Bᵀ, Aᵀ·B and Aᵀ·Bᵀ. Blocking keeps a B micro-panel in L1 and the packed A block in L2.
import { A_STEP, MR, NR, microKernel } from "./microkernel";

/** Depth of one packed block (k direction). */
export const KC: i32 = 256;
/** Rows of op(A) packed at once (a multiple of MR). */
export const MC: i32 = 96;
/** Columns of op(B) packed at once (a multiple of NR). */
export const NC: i32 = 2048;

// @ts-ignore: decorator
@inline
function roundUp(x: i32, m: i32): i32 {
  return ((x + m - 1) / m) * m;
}

/** Bytes of scratch a gemm(m, n, k) call needs at `ws` (packed A block, packed B block, one edge tile). */
export function gemmWorkspaceBytes(m: i32, n: i32, k: i32): usize {
  const kc = min(k, KC);
  const mc = roundUp(min(m, MC), MR);
  const nc = roundUp(min(n, NC), NR);
  return <usize>((mc / MR) * kc * A_STEP + kc * nc + MR * NR) << 2;
}

/** Packs rows i0..i0+mc of op(A), depth p0..p0+kc, into MR-row panels of A_STEP floats per step (rows past m are zero). */
function packA(a: usize, sai: i32, sap: i32, m: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const panel = dst + ((<usize>(ir / MR) * kc * A_STEP) << 2);
    for (let r = 0; r < MR; r++) {
      const i = i0 + ir + r;
      let d = panel + (<usize>r << 2);
      if (i < m) {
        let s = a + ((<usize>i * sai + <usize>p0 * sap) << 2);
        const step = <usize>sap << 2;
        for (let p = 0; p < kc; p++) {
          store<f32>(d, load<f32>(s));
          s += step;
          d += A_STEP << 2;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          store<f32>(d, 0);
          d += A_STEP << 2;
        }
      }
    }
  }
}

/** Packs columns j0..j0+nc of op(B), depth p0..p0+kc, into NR-column panels (columns past n are zero). */
function packB(b: usize, sbp: i32, sbj: i32, n: i32, j0: i32, nc: i32, p0: i32, kc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    let d = dst + ((<usize>jr * kc) << 2);
    const j = j0 + jr;
    if (sbj == 1 && j + NR <= n) {
      // op(B) rows are contiguous: copy NR floats per step as vectors.
      let s = b + ((<usize>p0 * sbp + j) << 2);
      const step = <usize>sbp << 2;
      for (let p = 0; p < kc; p++) {
        for (let v = 0; v < NR; v += 4) {
          const o = <usize>v << 2;
          v128.store(d + o, v128.load(s + o));
        }
        s += step;
        d += NR << 2;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let c = 0; c < NR; c++) {
          const jj = j + c;
          const v: f32 = jj < n ? load<f32>(b + ((<usize>(p0 + p) * sbp + <usize>jj * sbj) << 2)) : 0;
          store<f32>(d + (<usize>c << 2), v);
        }
        d += NR << 2;
      }
    }
  }
}

/** c[m×n] (+)= op(a)·op(b) on row-major data in linear memory; ws holds gemmWorkspaceBytes(m, n, k). */
export function gemm(
  a: usize,
  b: usize,
  c: usize,
  m: i32,
  n: i32,
  k: i32,
  transA: bool,
  transB: bool,
  accumulate: bool,
  ws: usize,
): void {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    if (!accumulate) memory.fill(c, 0, <usize>(m * n) << 2);
    return;
  }
  // op(a)[i, p] = a[i·sai + p·sap]; op(b)[p, j] = b[p·sbp + j·sbj].
  const sai = transA ? 1 : k;
  const sap = transA ? m : 1;
  const sbp = transB ? 1 : n;
  const sbj = transB ? k : 1;
  const kcMax = min(k, KC);
  const packedA = ws;
  const packedB = packedA + ((<usize>(roundUp(min(m, MC), MR) / MR) * kcMax * A_STEP) << 2);
  const tile = packedB + ((<usize>roundUp(min(n, NC), NR) * kcMax) << 2);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      // The first depth block overwrites C unless the caller accumulates; later blocks add.
      const overwrite = !accumulate && pc == 0;
      packB(b, sbp, sbj, n, jc, nc, pc, kc, packedB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(a, sai, sap, m, ic, mc, pc, kc, packedA);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const bp = packedB + ((<usize>jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const ap = packedA + ((<usize>(ir / MR) * kc * A_STEP) << 2);
            const cp = c + ((<usize>(ic + ir) * n + jc + jr) << 2);
            if (mr == MR && nr == NR) {
              microKernel(kc, ap, bp, cp, n, overwrite);
            } else {
              // Edge tile: compute the full padded tile aside, then merge only the valid part.
              microKernel(kc, ap, bp, tile, NR, true);
              for (let r = 0; r < mr; r++) {
                const crow = cp + ((<usize>r * n) << 2);
                const trow = tile + ((<usize>r * NR) << 2);
                for (let q = 0; q < nr; q++) {
                  const off = <usize>q << 2;
                  const t = load<f32>(trow + off);
                  store<f32>(crow + off, overwrite ? t : load<f32>(crow + off) + t);
                }
              }
            }
          }
        }
      }
    }
  }
}

/** `batch` independent GEMMs over contiguous blocks (a at i·m·k, b at i·k·n, c at i·m·n); ws is reused. */
export function gemmBatched(
  a: usize,
  b: usize,
  c: usize,
  batch: i32,
  m: i32,
  n: i32,
  k: i32,
  transA: bool,
  transB: bool,
  accumulate: bool,
  ws: usize,
): void {
  const sa = <usize>(m * k) << 2;
  const sb = <usize>(k * n) << 2;
  const sc = <usize>(m * n) << 2;
  for (let i = 0; i < batch; i++) {
    gemm(a + sa * i, b + sb * i, c + sc * i, m, n, k, transA, transB, accumulate, ws);
  }
}
