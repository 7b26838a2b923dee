// Crossbar read kernel: bit-serial input steps × programmed conductance tiles → per-column ADC codes,
// shift-added into f32 accumulators. All arguments are byte offsets into linear memory and counts; the
// TypeScript wrapper (src/xbar-wasm.ts) lays the operands out above heapBase().
//
// Speed idea (exact, not an approximation): with a binary input step, a column current is the sum of the
// conductances of the selected rows. Rows are taken 8 at a time; for each group the sums of all 256 row
// subsets are tabulated once per (tile, 16-column block) and reused for every input row and step, so one
// step costs 8 table look-ups instead of up to 64 additions. The read-noise variance Σ b·(σG)² is
// tabulated the same way, so the noise of a column read is drawn once per read (exactly Gaussian given
// independent per-cell Gaussian read noise) instead of once per cell.

/** Rows per subset-sum group; a 64-row tile has 8 groups of 256 subsets. */
const GROUP_ROWS: i32 = 8;
const GROUPS: i32 = 8;
const SUBSETS: i32 = 256;
/** Virtual columns per block: 4 f32x4 vectors kept in registers. */
const BLOCK: i32 = 16;
/** Bytes of one look-up-table entry (BLOCK floats). */
const ENTRY: usize = BLOCK << 2;
/** Bytes of the look-up table (GROUPS × SUBSETS entries of conductance and variance sums). */
export const LUT_BYTES: usize = <usize>(GROUPS * SUBSETS) * ENTRY * 2;
/** Rows of a tile (the masks are 64-bit). */
export const TILE_ROWS: i32 = 64;
/** Entries of the standard-normal quantile table (indexed by 13 random bits; 32 KiB stays in L1). */
export const GAUSS_ENTRIES: i32 = 8192;

/** First free byte of linear memory: the wrapper's arena starts here. */
export function heapBase(): usize {
  return __heap_base;
}

// xorshift128 state, one independent generator per SIMD lane (Marsaglia 2003).
let sx: v128 = i32x4.splat(0);
let sy: v128 = i32x4.splat(0);
let sz: v128 = i32x4.splat(0);
let sw: v128 = i32x4.splat(0);

/** Seeds the four lane generators from 16 words (each lane's four words must not all be zero). */
export function seedRng(p: usize): void {
  sx = v128.load(p);
  sy = v128.load(p + 16);
  sz = v128.load(p + 32);
  sw = v128.load(p + 48);
}

/** Writes the current generator state (16 words) to p, so the wrapper can continue the stream later. */
export function saveRng(p: usize): void {
  v128.store(p, sx);
  v128.store(p + 16, sy);
  v128.store(p + 32, sz);
  v128.store(p + 48, sw);
}

// @ts-ignore: decorator
@inline
function nextBits(): v128 {
  const t = v128.xor(sx, i32x4.shl(sx, 11));
  sx = sy;
  sy = sz;
  sz = sw;
  sw = v128.xor(v128.xor(sw, i32x4.shr_u(sw, 19)), v128.xor(t, i32x4.shr_u(t, 8)));
  return sw;
}

// @ts-ignore: decorator
@inline
function gather(tab: usize, idx: v128): v128 {
  let r = f32x4.splat(load<f32>(tab + (<usize>i32x4.extract_lane(idx, 0) << 2)));
  r = f32x4.replace_lane(r, 1, load<f32>(tab + (<usize>i32x4.extract_lane(idx, 1) << 2)));
  r = f32x4.replace_lane(r, 2, load<f32>(tab + (<usize>i32x4.extract_lane(idx, 2) << 2)));
  r = f32x4.replace_lane(r, 3, load<f32>(tab + (<usize>i32x4.extract_lane(idx, 3) << 2)));
  return r;
}

/**
 * Builds the subset-sum table of one (tile, block): entry (g, m) holds Σ_{bit b of m} src[8g+b][block]
 * (4 vectors) and, when noisy, then the read-noise variances Σ (σ·(src + gmin))² (4 more vectors), so a
 * look-up touches adjacent memory. `src` points at the block's first column of tile row 0; `stride` is
 * the byte distance between tile rows; `entry` the entry size in bytes (64 or 128).
 */
function buildLut(src: usize, stride: usize, lut: usize, entry: usize, noisy: bool, sigma: f32, gmin: f32): void {
  const sg = f32x4.splat(sigma);
  const gm = f32x4.splat(gmin);
  const zero = f32x4.splat(0);
  for (let g = 0; g < GROUPS; g++) {
    const base = lut + <usize>(g * SUBSETS) * entry;
    for (let o: usize = 0; o < entry; o += 16) v128.store(base + o, zero);
    // Subsets that contain row b as their highest row: T[m] = T[m − 2^b] + row b (one add per entry).
    for (let b = 0; b < GROUP_ROWS; b++) {
      const row = src + <usize>(g * GROUP_ROWS + b) * stride;
      const r0 = v128.load(row);
      const r1 = v128.load(row, 16);
      const r2 = v128.load(row, 32);
      const r3 = v128.load(row, 48);
      const hi = 1 << b;
      if (noisy) {
        let t = f32x4.mul(sg, f32x4.add(r0, gm));
        const q0 = f32x4.mul(t, t);
        t = f32x4.mul(sg, f32x4.add(r1, gm));
        const q1 = f32x4.mul(t, t);
        t = f32x4.mul(sg, f32x4.add(r2, gm));
        const q2 = f32x4.mul(t, t);
        t = f32x4.mul(sg, f32x4.add(r3, gm));
        const q3 = f32x4.mul(t, t);
        for (let m = 0; m < hi; m++) {
          const from = base + <usize>m * entry;
          const to = from + <usize>hi * entry;
          v128.store(to, f32x4.add(v128.load(from), r0));
          v128.store(to, f32x4.add(v128.load(from, 16), r1), 16);
          v128.store(to, f32x4.add(v128.load(from, 32), r2), 32);
          v128.store(to, f32x4.add(v128.load(from, 48), r3), 48);
          v128.store(to, f32x4.add(v128.load(from, 64), q0), 64);
          v128.store(to, f32x4.add(v128.load(from, 80), q1), 80);
          v128.store(to, f32x4.add(v128.load(from, 96), q2), 96);
          v128.store(to, f32x4.add(v128.load(from, 112), q3), 112);
        }
      } else {
        for (let m = 0; m < hi; m++) {
          const from = base + <usize>m * entry;
          const to = from + <usize>hi * entry;
          v128.store(to, f32x4.add(v128.load(from), r0));
          v128.store(to, f32x4.add(v128.load(from, 16), r1), 16);
          v128.store(to, f32x4.add(v128.load(from, 32), r2), 32);
          v128.store(to, f32x4.add(v128.load(from, 48), r3), 48);
        }
      }
    }
  }
}

/**
 * acc[r][v] += Σ_t Σ_step w[step] · ADC(Σ_rows v_row · G[t][row][v] (+ read noise)).
 *
 * masks: u64 [rows][tiles][steps][dacPlanes]: bit i of plane j = bit j of the DAC level applied to tile
 *   row i in that step; the step's DAC level of a row is Σ_j 2^j bit_j.
 * levels: f32 [tiles][64][nv]: programmed conductance of each cell in level units, (G − Gmin)/ΔG.
 * stepW: f32 [steps]: digital weight of each step times the ADC step (sign included).
 * acc: f32 [rows][nv], accumulated into. nv is a multiple of 16.
 * lut: scratch of LUT_BYTES. offs: scratch of rows·steps·32 bytes (D = 1 only). gauss: f32 [8192] N(0, 1)
 *   quantiles. Read noise: relative sigma per cell
 *   read, on the conductance G/ΔG = level + gmin.
 * ADC: code = clamp(round(z · invDelta), 0, maxCode). hist ≠ 0: instead of converting, count
 *   floor(z) (clamped to [0, histBins − 1]) into u32 hist[histBins] for the first nvReal columns (range
 *   calibration pass; padding columns are not counted).
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
  offs: usize,
  sigma: f32,
  gmin: f32,
  gauss: usize,
  invDelta: f32,
  maxCode: f32,
  hist: usize,
  histBins: i32,
  nvReal: i32,
): void {
  const noisy = sigma > 0;
  const entry: usize = noisy ? ENTRY << 1 : ENTRY;
  const stride = <usize>nv << 2;
  const zero = f32x4.splat(0);
  for (let t = 0; t < tiles; t++) {
    if (planes == 1) {
      // Byte offsets of each (row, step)'s 8 group entries: reused by every column block of the tile.
      for (let r = 0; r < rows; r++) {
        const mrow = masks + ((<usize>(r * tiles + t) * steps) << 3);
        for (let s = 0; s < steps; s++) {
          const m = load<u64>(mrow + (<usize>s << 3));
          const o = offs + (<usize>(r * steps + s) << 5);
          for (let g = 0; g < GROUPS; g++) {
            store<u32>(o + (<usize>g << 2), <u32>((g * SUBSETS + <i32>((m >> (<u64>g << 3)) & 255)) * <i32>entry));
          }
        }
      }
    }
    for (let vb = 0; vb < nv; vb += BLOCK) {
      buildLut(levels + <usize>t * 64 * stride + (<usize>vb << 2), stride, lut, entry, noisy, sigma, gmin);
      for (let r = 0; r < rows; r++) {
        const ap = acc + <usize>r * stride + (<usize>vb << 2);
        const mrow = masks + ((<usize>(r * tiles + t) * steps * planes) << 3);
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
          if (planes == 1) {
            // No selected row: no current, no noise, code 0.
            if (load<u64>(mp) == 0) continue;
            const o = offs + (<usize>(r * steps + s) << 5);
            for (let g = 0; g < GROUPS; g++) {
              const e = lut + <usize>load<u32>(o + (<usize>g << 2));
              z0 = f32x4.add(z0, v128.load(e));
              z1 = f32x4.add(z1, v128.load(e, 16));
              z2 = f32x4.add(z2, v128.load(e, 32));
              z3 = f32x4.add(z3, v128.load(e, 48));
              if (noisy) {
                v0 = f32x4.add(v0, v128.load(e, 64));
                v1 = f32x4.add(v1, v128.load(e, 80));
                v2 = f32x4.add(v2, v128.load(e, 96));
                v3 = f32x4.add(v3, v128.load(e, 112));
              }
            }
          } else {
            let any: u64 = 0;
            for (let j = 0; j < planes; j++) {
              const m = load<u64>(mp + (<usize>j << 3));
              any |= m;
              if (m == 0) continue;
              const wj = f32x4.splat(<f32>(1 << j));
              for (let g = 0; g < GROUPS; g++) {
                const e = lut + (<usize>(g * SUBSETS + <i32>((m >> (<u64>g << 3)) & 255)) * entry);
                z0 = f32x4.add(z0, f32x4.mul(wj, v128.load(e)));
                z1 = f32x4.add(z1, f32x4.mul(wj, v128.load(e, 16)));
                z2 = f32x4.add(z2, f32x4.mul(wj, v128.load(e, 32)));
                z3 = f32x4.add(z3, f32x4.mul(wj, v128.load(e, 48)));
              }
              if (!noisy) continue;
              // Var = Σ_i level_i² h_i with level_i = Σ_j 2^j b_ij, so level² = Σ_j Σ_k 2^(j+k) b_ij b_ik:
              // pairs (j, k ≤ j) with weight 2^(j+k), doubled off the diagonal.
              for (let k = 0; k <= j; k++) {
                const mk = k == j ? m : m & load<u64>(mp + (<usize>k << 3));
                if (mk == 0) continue;
                const c = f32x4.splat(<f32>((k == j ? 1 : 2) << (j + k)));
                for (let g = 0; g < GROUPS; g++) {
                  const e = lut + (<usize>(g * SUBSETS + <i32>((mk >> (<u64>g << 3)) & 255)) * entry);
                  v0 = f32x4.add(v0, f32x4.mul(c, v128.load(e, 64)));
                  v1 = f32x4.add(v1, f32x4.mul(c, v128.load(e, 80)));
                  v2 = f32x4.add(v2, f32x4.mul(c, v128.load(e, 96)));
                  v3 = f32x4.add(v3, f32x4.mul(c, v128.load(e, 112)));
                }
              }
            }
            if (any == 0) continue;
          }
          if (noisy) {
            const b0 = nextBits();
            const b1 = nextBits();
            const lo0 = v128.and(b0, i32x4.splat(0x1fff));
            const hi0 = i32x4.shr_u(b0, 19);
            const lo1 = v128.and(b1, i32x4.splat(0x1fff));
            const hi1 = i32x4.shr_u(b1, 19);
            z0 = f32x4.add(z0, f32x4.mul(f32x4.sqrt(v0), gather(gauss, lo0)));
            z1 = f32x4.add(z1, f32x4.mul(f32x4.sqrt(v1), gather(gauss, hi0)));
            z2 = f32x4.add(z2, f32x4.mul(f32x4.sqrt(v2), gather(gauss, lo1)));
            z3 = f32x4.add(z3, f32x4.mul(f32x4.sqrt(v3), gather(gauss, hi1)));
          }
          if (hist != 0) {
            count(hist, histBins, z0, nvReal - vb);
            count(hist, histBins, z1, nvReal - vb - 4);
            count(hist, histBins, z2, nvReal - vb - 8);
            count(hist, histBins, z3, nvReal - vb - 12);
            continue;
          }
          convert(ap, 0, z0, s, stepW, invDelta, maxCode);
          convert(ap, 16, z1, s, stepW, invDelta, maxCode);
          convert(ap, 32, z2, s, stepW, invDelta, maxCode);
          convert(ap, 48, z3, s, stepW, invDelta, maxCode);
        }
      }
    }
  }
}

/** ADC conversion of 4 column sums, shift-added into the accumulators at ap + off. */
// @ts-ignore: decorator
@inline
function convert(ap: usize, off: usize, z: v128, s: i32, stepW: usize, invDelta: f32, maxCode: f32): void {
  const code = f32x4.min(f32x4.max(f32x4.nearest(f32x4.mul(z, f32x4.splat(invDelta))), f32x4.splat(0)), f32x4.splat(maxCode));
  const w = f32x4.splat(load<f32>(stepW + (<usize>s << 2)));
  v128.store(ap + off, f32x4.add(v128.load(ap + off), f32x4.mul(w, code)));
}

function count(hist: usize, bins: i32, z: v128, lanes: i32): void {
  if (lanes > 0) countLane(hist, bins, f32x4.extract_lane(z, 0));
  if (lanes > 1) countLane(hist, bins, f32x4.extract_lane(z, 1));
  if (lanes > 2) countLane(hist, bins, f32x4.extract_lane(z, 2));
  if (lanes > 3) countLane(hist, bins, f32x4.extract_lane(z, 3));
}

function countLane(hist: usize, bins: i32, z: f32): void {
  let b = <i32>Mathf.floor(z);
  if (b < 0) b = 0;
  if (b >= bins) b = bins - 1;
  const p = hist + (<usize>b << 2);
  store<u32>(p, load<u32>(p) + 1);
}
