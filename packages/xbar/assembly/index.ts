// Crossbar read kernel: bit-serial input steps × programmed conductance tiles → per-column ADC codes,
// shift-added into f32 accumulators. All arguments are byte offsets into linear memory and counts; the
// TypeScript wrapper (src/xbar-wasm.ts) lays the operands out above heapBase().
//
// Speed ideas:
// - Exact: with a binary input step a column current is the sum of the conductances of the selected
//   rows. Rows are taken 8 at a time; for each group the sums of all 256 row subsets are tabulated once
//   per (tile, 16-column block) and reused for every input row and step, so one step costs 8 table
//   look-ups instead of up to 64 additions. The read-noise variance Σ b·(σG)² is tabulated the same way,
//   so the noise of a column read is drawn once per read (exactly Gaussian given independent per-cell
//   Gaussian read noise) instead of once per cell.
// - Fixed point: table entries are 16-bit integers (conductance in units of 2^-fz level, chosen by the
//   wrapper so no 64-row sum can overflow; programmed levels are stored as those codes), variance in units of
//   1/1024 of the largest cell's variance), so one 128-bit add serves 8 columns.
// - V8 codegen: ADC clamps use pmin/pmax (f32x4.min/max compile to ~8 instructions for their NaN and ±0
//   rules), accumulators live in locals across a row's steps, and noise is drawn in bulk outside the read.

/** Rows per subset-sum group; a 64-row tile has 8 groups of 256 subsets. */
const GROUP_ROWS: i32 = 8;
const GROUPS: i32 = 8;
const SUBSETS: i32 = 256;
/** Virtual columns per block (two i16x8 vectors). */
const BLOCK: i32 = 16;
/** Bytes of a table entry: 16 i16 conductance sums, then 16 u16 variance sums. */
const ENTRY: usize = 64;
/** Bytes of the look-up table. */
export const LUT_BYTES: usize = <usize>(GROUPS * SUBSETS) * ENTRY;
/** Rows of a tile (the masks are 64-bit). */
export const TILE_ROWS: i32 = 64;
/** Entries of the standard-normal quantile table (indexed by 13 random bits; 32 KiB stays in L1). */
export const GAUSS_ENTRIES: i32 = 8192;

/** First free byte of linear memory: the wrapper's arena starts here. */
export function heapBase(): usize {
  return __heap_base;
}

// @ts-ignore: decorator
@inline
function gather(tab: usize, p: usize): v128 {
  // Indices loaded as scalars: cheaper in V8 than a vector load and three lane extracts.
  let r = v128.load32_zero(tab + (<usize>load<u32>(p) << 2));
  r = v128.load32_lane(tab + (<usize>load<u32>(p, 4) << 2), r, 1);
  r = v128.load32_lane(tab + (<usize>load<u32>(p, 8) << 2), r, 2);
  r = v128.load32_lane(tab + (<usize>load<u32>(p, 12) << 2), r, 3);
  return r;
}

/** 4 levels (f32) → u32 variance units: (σ(level + gmin))² / hUnit, rounded. */
// @ts-ignore: decorator
@inline
function fixedH(level: v128, sg: v128, gm: v128, invH: v128): v128 {
  const t = f32x4.mul(sg, f32x4.add(level, gm));
  return i32x4.trunc_sat_f32x4_u(f32x4.nearest(f32x4.mul(f32x4.mul(t, t), invH)));
}

/**
 * Builds the subset-sum table of one (tile, block): entry (g, m) = [Σ_{bit b of m} code[8g+b][block] as
 * 16 i16 | Σ variance as 16 u16]. `src` points at the block's first column of tile row 0 (i16 level codes,
 * level = code · zInv); `stride` is the byte distance between tile rows.
 */
function buildLut(src: usize, stride: usize, lut: usize, noisy: bool, zInv: f32, sigma: f32, gmin: f32, invH: f32): void {
  const zi = f32x4.splat(zInv);
  const sg = f32x4.splat(sigma);
  const gm = f32x4.splat(gmin);
  const ih = f32x4.splat(invH);
  const zero = i32x4.splat(0);
  for (let g = 0; g < GROUPS; g++) {
    const base = lut + <usize>(g * SUBSETS) * ENTRY;
    v128.store(base, zero);
    v128.store(base, zero, 16);
    v128.store(base, zero, 32);
    v128.store(base, zero, 48);
    // Subsets whose highest row is b: T[m + 2^b] = T[m] + row b (one add per entry).
    for (let b = 0; b < GROUP_ROWS; b++) {
      const row = src + <usize>(g * GROUP_ROWS + b) * stride;
      const r0 = v128.load(row);
      const r1 = v128.load(row, 16);
      const hi = 1 << b;
      if (noisy) {
        const h0 = i16x8.narrow_i32x4_u(
          fixedH(f32x4.mul(lo16s(r0), zi), sg, gm, ih),
          fixedH(f32x4.mul(hi16s(r0), zi), sg, gm, ih),
        );
        const h1 = i16x8.narrow_i32x4_u(
          fixedH(f32x4.mul(lo16s(r1), zi), sg, gm, ih),
          fixedH(f32x4.mul(hi16s(r1), zi), sg, gm, ih),
        );
        for (let m = 0; m < hi; m++) {
          const from = base + <usize>m * ENTRY;
          const to = from + <usize>hi * ENTRY;
          v128.store(to, i16x8.add(v128.load(from), r0));
          v128.store(to, i16x8.add(v128.load(from, 16), r1), 16);
          v128.store(to, i16x8.add(v128.load(from, 32), h0), 32);
          v128.store(to, i16x8.add(v128.load(from, 48), h1), 48);
        }
      } else {
        // Without read noise the variance half is never read.
        for (let m = 0; m < hi; m++) {
          const from = base + <usize>m * ENTRY;
          const to = from + <usize>hi * ENTRY;
          v128.store(to, i16x8.add(v128.load(from), r0));
          v128.store(to, i16x8.add(v128.load(from, 16), r1), 16);
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline
function lo16s(v: v128): v128 {
  return f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(v));
}
// @ts-ignore: decorator
@inline
function hi16s(v: v128): v128 {
  return f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(v));
}
// @ts-ignore: decorator
@inline
function lo16u(v: v128): v128 {
  return f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_u(v));
}
// @ts-ignore: decorator
@inline
function hi16u(v: v128): v128 {
  return f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_u(v));
}

/**
 * acc[r][v] += Σ_t Σ_step w[step] · ADC(Σ_rows v_row · G[t][row][v] (+ read noise)).
 *
 * masks: u64 [rows][tiles][steps][dacPlanes]: bit i of plane j = bit j of the DAC level applied to tile
 *   row i in that step; the step's DAC level of a row is Σ_j 2^j bit_j.
 * levels: i16 [tiles][64][nv]: programmed conductance of each cell as a code, level = code / zScale in units
 *   of (G − Gmin)/ΔG, with |code|, |code + gmin·zScale| ≤ 32767/64 so no 64-row sum overflows.
 * stepW: f32 [steps]: digital weight of each step times the ADC step (sign included).
 * acc: f32 [rows][nv], accumulated into. nv is a multiple of 16.
 * lut: scratch of LUT_BYTES. Read noise: relative sigma per cell read, on the conductance G/ΔG = level +
 *   gmin; its variance is counted in units hUnit (chosen so 64 cells sum to at most 65535 units).
 * gauss: f32 [8192]: N(0, 1) quantiles times sqrt(hUnit)·zScale (the noise of one variance unit in fixed
 *   units; pre-scaled by the wrapper, each entry the f32 product).
 * rng: the read-noise generator state, 16 words: xorshift128 (x, y, z, w) of 4 independent SIMD lanes
 *   (Marsaglia 2003; a lane's words must not all be zero), advanced in place.
 * noise: scratch of steps·64 bytes (one row's draws).
 * ADC: code = clamp(round(z · invDelta), 0, maxCode) with z in levels. hist ≠ 0: instead of converting,
 *   count floor(z) (clamped to [0, histBins − 1]) into u32 hist[histBins] for the first nvReal columns
 *   (range calibration pass; padding columns are not counted).
 */
export function read(
  masks: usize,
  rows: i32,
  tiles: i32,
  steps: i32,
  planes: i32,
  levels: usize,
  nv: i32,
  stepW: usize,
  acc: usize,
  lut: usize,
  zScale: f32,
  sigma: f32,
  gmin: f32,
  hUnit: f32,
  gauss: usize,
  rng: usize,
  noise: usize,
  invDelta: f32,
  maxCode: f32,
  hist: usize,
  histBins: i32,
  nvReal: i32,
): void {
  const noisy = sigma > 0;
  const stride = <usize>nv << 2;
  const lstride = <usize>nv << 1;
  const zero = f32x4.splat(0);
  // z (fixed units) · zInv = levels; noise in fixed units = sqrt(vq) · (sqrt(hUnit) · zScale · n), the
  // bracket being the gauss table's entries (pre-scaled by the wrapper).
  const zInv: f32 = 1 / zScale;
  const invH: f32 = noisy ? 1 / hUnit : 0;
  const inv = f32x4.splat(invDelta * zInv);
  const top = f32x4.splat(maxCode);
  for (let t = 0; t < tiles; t++) {
    for (let vb = 0; vb < nv; vb += BLOCK) {
      buildLut(levels + <usize>t * 64 * lstride + (<usize>vb << 1), lstride, lut, noisy, zInv, sigma, gmin, invH);
      for (let r = 0; r < rows; r++) {
        // The row's 16 accumulators stay in registers over its steps.
        const ap = acc + <usize>r * stride + (<usize>vb << 2);
        let a0 = v128.load(ap);
        let a1 = v128.load(ap, 16);
        let a2 = v128.load(ap, 32);
        let a3 = v128.load(ap, 48);
        const mrow = masks + ((<usize>(r * tiles + t) * steps * planes) << 3);
        // This row's draws, one per read that is not skipped, in the order the reads consume them.
        let drawn = 0;
        if (noisy) {
          let n = 0;
          for (let s = 0; s < steps; s++) {
            let any: u64 = 0;
            for (let j = 0; j < planes; j++) any |= load<u64>(mrow + (<usize>(s * planes + j) << 3));
            if (any != 0) n++;
          }
          drawIndices(noise, n, rng);
          // Indices → table values, in place (scalar loads beat lane extract/insert gathers here).
          for (let p = noise; p < noise + (<usize>n << 6); p += 4) store<f32>(p, load<f32>(gauss + (<usize>load<u32>(p) << 2)));
        }
        for (let s = 0; s < steps; s++) {
          const mp = mrow + ((<usize>(s * planes)) << 3);
          let z0 = zero;
          let z1 = zero;
          let z2 = zero;
          let z3 = zero;
          let v0 = zero;
          let v1 = zero;
          let v2 = zero;
          let v3 = zero;
          {
            let any: u64 = 0;
            for (let j = 0; j < planes; j++) {
              const m = load<u64>(mp + (<usize>j << 3));
              any |= m;
              if (m == 0) continue;
              let za = i32x4.splat(0);
              let zb = i32x4.splat(0);
              for (let g = 0; g < GROUPS; g++) {
                const e = lut + (<usize>(g * SUBSETS + <i32>((m >> (<u64>g << 3)) & 255)) * ENTRY);
                za = i16x8.add(za, v128.load(e));
                zb = i16x8.add(zb, v128.load(e, 16));
              }
              const wj = f32x4.splat(<f32>(1 << j));
              z0 = f32x4.add(z0, f32x4.mul(wj, lo16s(za)));
              z1 = f32x4.add(z1, f32x4.mul(wj, hi16s(za)));
              z2 = f32x4.add(z2, f32x4.mul(wj, lo16s(zb)));
              z3 = f32x4.add(z3, f32x4.mul(wj, hi16s(zb)));
              if (!noisy) continue;
              // Var = Σ_i level_i² h_i with level_i = Σ_j 2^j b_ij, so level² = Σ_j Σ_k 2^(j+k) b_ij b_ik:
              // pairs (j, k ≤ j) with weight 2^(j+k), doubled off the diagonal.
              for (let k = 0; k <= j; k++) {
                const mk = k == j ? m : m & load<u64>(mp + (<usize>k << 3));
                if (mk == 0) continue;
                let va = i32x4.splat(0);
                let vb2 = i32x4.splat(0);
                for (let g = 0; g < GROUPS; g++) {
                  const e = lut + (<usize>(g * SUBSETS + <i32>((mk >> (<u64>g << 3)) & 255)) * ENTRY);
                  va = i16x8.add(va, v128.load(e, 32));
                  vb2 = i16x8.add(vb2, v128.load(e, 48));
                }
                const c = f32x4.splat(<f32>((k == j ? 1 : 2) << (j + k)));
                v0 = f32x4.add(v0, f32x4.mul(c, lo16u(va)));
                v1 = f32x4.add(v1, f32x4.mul(c, hi16u(va)));
                v2 = f32x4.add(v2, f32x4.mul(c, lo16u(vb2)));
                v3 = f32x4.add(v3, f32x4.mul(c, hi16u(vb2)));
              }
            }
            if (any == 0) continue;
          }
          // This read's draws (or, without noise, the first slot) — free after use: the histogram's scratch.
          const np = noise + (<usize>drawn << 6);
          if (noisy) {
            drawn++;
            z0 = f32x4.add(z0, f32x4.mul(f32x4.sqrt(v0), v128.load(np)));
            z1 = f32x4.add(z1, f32x4.mul(f32x4.sqrt(v1), v128.load(np, 16)));
            z2 = f32x4.add(z2, f32x4.mul(f32x4.sqrt(v2), v128.load(np, 32)));
            z3 = f32x4.add(z3, f32x4.mul(f32x4.sqrt(v3), v128.load(np, 48)));
          }
          if (hist != 0) {
            v128.store(np, z0);
            v128.store(np, z1, 16);
            v128.store(np, z2, 32);
            v128.store(np, z3, 48);
            for (let l = 0; l < BLOCK && l < nvReal - vb; l++) {
              let b = <i32>Mathf.floor(load<f32>(np + (<usize>l << 2)) * zInv);
              if (b < 0) b = 0;
              if (b >= histBins) b = histBins - 1;
              const h = hist + (<usize>b << 2);
              store<u32>(h, load<u32>(h) + 1);
            }
            continue;
          }
          const w = f32x4.splat(load<f32>(stepW + (<usize>s << 2)));
          a0 = adc(a0, z0, w, inv, top);
          a1 = adc(a1, z1, w, inv, top);
          a2 = adc(a2, z2, w, inv, top);
          a3 = adc(a3, z3, w, inv, top);
        }
        if (hist == 0) {
          v128.store(ap, a0);
          v128.store(ap, a1, 16);
          v128.store(ap, a2, 32);
          v128.store(ap, a3, 48);
        }
      }
    }
  }
}

/**
 * `read` for the common case, a 1-bit DAC (one plane per step) without calibration histogram: same draws
 * in the same order and the same float operations, so bit-identical results; a separate, smaller loop
 * because V8 then keeps its accumulators and constants in registers (~7 % faster). The 8 table offsets of
 * each (row, step) are computed once per tile into offs (rows·steps·32 bytes) and reused by every block; a
 * block's draws are drawn in one pass (noise: rows·steps·64 bytes) and gathered where they are used.
 */
export function read1(
  masks: usize,
  rows: i32,
  tiles: i32,
  steps: i32,
  levels: usize,
  nv: i32,
  stepW: usize,
  acc: usize,
  lut: usize,
  offs: usize,
  zScale: f32,
  sigma: f32,
  gmin: f32,
  hUnit: f32,
  gauss: usize,
  rng: usize,
  noise: usize,
  invDelta: f32,
  maxCode: f32,
): void {
  const noisy = sigma > 0;
  const lstride = <usize>nv << 1;
  const zInv: f32 = 1 / zScale;
  const invH: f32 = noisy ? 1 / hUnit : 0;
  const inv = f32x4.splat(invDelta * zInv);
  const top = f32x4.splat(maxCode);
  for (let t = 0; t < tiles; t++) {
    // Reads of the tile that are not skipped (the same in every block): one draw each.
    let reads = 0;
    for (let r = 0; r < rows; r++) {
      const mrow = masks + ((<usize>(r * tiles + t) * steps) << 3);
      for (let s = 0; s < steps; s++) {
        const m = load<u64>(mrow + (<usize>s << 3));
        if (m != 0) reads++;
        const o = offs + (<usize>(r * steps + s) << 5);
        for (let g = 0; g < GROUPS; g++) {
          store<u32>(o + (<usize>g << 2), <u32>((g * SUBSETS + <i32>((m >> (<u64>g << 3)) & 255)) * <i32>ENTRY));
        }
      }
    }
    for (let vb = 0; vb < nv; vb += BLOCK) {
      buildLut(levels + <usize>t * 64 * lstride + (<usize>vb << 1), lstride, lut, noisy, zInv, sigma, gmin, invH);
      // The block's draws in read order (row-major, steps in order), as the per-row draws of `read`.
      if (noisy) drawIndices(noise, reads, rng);
      let np = noise;
      for (let r = 0; r < rows; r++) {
        const ap = acc + ((<usize>(r * nv + vb)) << 2);
        let a0 = v128.load(ap);
        let a1 = v128.load(ap, 16);
        let a2 = v128.load(ap, 32);
        let a3 = v128.load(ap, 48);
        const mrow = masks + ((<usize>(r * tiles + t) * steps) << 3);
        for (let s = 0; s < steps; s++) {
          // No selected row: no current, no noise, code 0.
          if (load<u64>(mrow + (<usize>s << 3)) == 0) continue;
          const o = offs + (<usize>(r * steps + s) << 5);
          let za = i32x4.splat(0);
          let zb = i32x4.splat(0);
          let z0: v128;
          let z1: v128;
          let z2: v128;
          let z3: v128;
          if (noisy) {
            let va = i32x4.splat(0);
            let vb2 = i32x4.splat(0);
            for (let g = 0; g < GROUPS; g++) {
              const e = lut + <usize>load<u32>(o + (<usize>g << 2));
              za = i16x8.add(za, v128.load(e));
              zb = i16x8.add(zb, v128.load(e, 16));
              va = i16x8.add(va, v128.load(e, 32));
              vb2 = i16x8.add(vb2, v128.load(e, 48));
            }
            z0 = f32x4.add(lo16s(za), f32x4.mul(f32x4.sqrt(lo16u(va)), gather(gauss, np)));
            z1 = f32x4.add(hi16s(za), f32x4.mul(f32x4.sqrt(hi16u(va)), gather(gauss, np + 16)));
            z2 = f32x4.add(lo16s(zb), f32x4.mul(f32x4.sqrt(lo16u(vb2)), gather(gauss, np + 32)));
            z3 = f32x4.add(hi16s(zb), f32x4.mul(f32x4.sqrt(hi16u(vb2)), gather(gauss, np + 48)));
            np += 64;
          } else {
            for (let g = 0; g < GROUPS; g++) {
              const e = lut + <usize>load<u32>(o + (<usize>g << 2));
              za = i16x8.add(za, v128.load(e));
              zb = i16x8.add(zb, v128.load(e, 16));
            }
            z0 = lo16s(za);
            z1 = hi16s(za);
            z2 = lo16s(zb);
            z3 = hi16s(zb);
          }
          const w = f32x4.splat(load<f32>(stepW + (<usize>s << 2)));
          a0 = adc(a0, z0, w, inv, top);
          a1 = adc(a1, z1, w, inv, top);
          a2 = adc(a2, z2, w, inv, top);
          a3 = adc(a3, z3, w, inv, top);
        }
        v128.store(ap, a0);
        v128.store(ap, a1, 16);
        v128.store(ap, a2, 32);
        v128.store(ap, a3, 48);
      }
    }
  }
}

/**
 * Writes the quantile-table indices of n·16 standard-normal draws to noise[0 … 16n) (u32): per draw two
 * xorshift128 steps per lane, (x, y, z, w) → (z, w, w1, w2), each 32-bit word giving two 13-bit indices
 * (low and high bits). Drawn in bulk per row so the generator state stays in registers.
 */
function drawIndices(noise: usize, n: i32, rng: usize): void {
  let rx = v128.load(rng);
  let ry = v128.load(rng, 16);
  let rz = v128.load(rng, 32);
  let rw = v128.load(rng, 48);
  const low = i32x4.splat(0x1fff);
  for (let p = noise; p < noise + (<usize>n << 6); p += 64) {
    let u = v128.xor(rx, i32x4.shl(rx, 11));
    const b0 = v128.xor(v128.xor(rw, i32x4.shr_u(rw, 19)), v128.xor(u, i32x4.shr_u(u, 8)));
    u = v128.xor(ry, i32x4.shl(ry, 11));
    const b1 = v128.xor(v128.xor(b0, i32x4.shr_u(b0, 19)), v128.xor(u, i32x4.shr_u(u, 8)));
    rx = rz;
    ry = rw;
    rz = b0;
    rw = b1;
    v128.store(p, v128.and(b0, low));
    v128.store(p, i32x4.shr_u(b0, 19), 16);
    v128.store(p, v128.and(b1, low), 32);
    v128.store(p, i32x4.shr_u(b1, 19), 48);
  }
  v128.store(rng, rx);
  v128.store(rng, ry, 16);
  v128.store(rng, rz, 32);
  v128.store(rng, rw, 48);
}

/**
 * ADC conversion of 4 column sums z (fixed units; inv = 1/(Δ·zScale)), shift-added: a + w·code. pmax/pmin
 * are single instructions (f32x4.max/min also order ±0 and propagate NaN, which sums never are).
 */
// @ts-ignore: decorator
@inline
function adc(a: v128, z: v128, w: v128, inv: v128, top: v128): v128 {
  const code = f32x4.pmin(f32x4.pmax(f32x4.splat(0), f32x4.nearest(f32x4.mul(z, inv))), top);
  return f32x4.add(a, f32x4.mul(w, code));
}
