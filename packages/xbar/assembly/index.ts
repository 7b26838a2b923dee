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
/** Bytes of one look-up table (GROUPS × SUBSETS entries). */
export const LUT_BYTES: usize = <usize>(GROUPS * SUBSETS) * ENTRY;
/** Rows of a tile (the masks are 64-bit). */
export const TILE_ROWS: i32 = 64;
/** Entries of the standard-normal quantile table (indexed by 16 random bits). */
export const GAUSS_ENTRIES: i32 = 65536;

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
 * Builds the subset-sum table of one (tile, block): lut[g][m] = Σ_{bit b of m} src[8g+b][block], and, when
 * hlut ≠ 0, the read-noise variance table hlut[g][m] = Σ (σ·(src + gmin))². `src` points at the block's
 * first column of tile row 0; `stride` is the byte distance between tile rows.
 */
function buildLut(src: usize, stride: usize, lut: usize, hlut: usize, sigma: f32, gmin: f32): void {
  const sg = f32x4.splat(sigma);
  const gm = f32x4.splat(gmin);
  for (let g = 0; g < GROUPS; g++) {
    const base = lut + <usize>(g * SUBSETS) * ENTRY;
    const hbase = hlut + <usize>(g * SUBSETS) * ENTRY;
    for (let o: usize = 0; o < ENTRY; o += 16) {
      v128.store(base + o, f32x4.splat(0));
      if (hlut != 0) v128.store(hbase + o, f32x4.splat(0));
    }
    for (let m = 1; m < SUBSETS; m++) {
      const low = ctz(m);
      const prev = <usize>(m & (m - 1)) * ENTRY;
      const row = src + <usize>(g * GROUP_ROWS + low) * stride;
      const e = <usize>m * ENTRY;
      for (let o: usize = 0; o < ENTRY; o += 16) {
        const c = v128.load(row + o);
        v128.store(base + e + o, f32x4.add(v128.load(base + prev + o), c));
        if (hlut != 0) {
          const s = f32x4.mul(sg, f32x4.add(c, gm));
          v128.store(hbase + e + o, f32x4.add(v128.load(hbase + prev + o), f32x4.mul(s, s)));
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
 * lut, hlut: scratch of LUT_BYTES each (hlut unused when sigma = 0). gauss: f32 [65536] N(0,1) quantiles.
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
  hlut: usize,
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
  const stride = <usize>nv << 2;
  const zero = f32x4.splat(0);
  const top = f32x4.splat(maxCode);
  const inv = f32x4.splat(invDelta);
  const pairWeights = planes > 1;
  for (let t = 0; t < tiles; t++) {
    for (let vb = 0; vb < nv; vb += BLOCK) {
      buildLut(levels + <usize>t * 64 * stride + (<usize>vb << 2), stride, lut, noisy ? hlut : 0, sigma, gmin);
      for (let r = 0; r < rows; r++) {
        const ap = acc + <usize>r * stride + (<usize>vb << 2);
        let a0 = v128.load(ap);
        let a1 = v128.load(ap, 16);
        let a2 = v128.load(ap, 32);
        let a3 = v128.load(ap, 48);
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
          let any: u64 = 0;
          for (let j = 0; j < planes; j++) {
            const m = load<u64>(mp + (<usize>j << 3));
            any |= m;
            if (m == 0) continue;
            const wj = f32x4.splat(<f32>(1 << j));
            let y0 = zero;
            let y1 = zero;
            let y2 = zero;
            let y3 = zero;
            for (let g = 0; g < GROUPS; g++) {
              const e = lut + (<usize>(g * SUBSETS + <i32>((m >> (<u64>g << 3)) & 255)) * ENTRY);
              y0 = f32x4.add(y0, v128.load(e));
              y1 = f32x4.add(y1, v128.load(e, 16));
              y2 = f32x4.add(y2, v128.load(e, 32));
              y3 = f32x4.add(y3, v128.load(e, 48));
            }
            if (pairWeights) {
              z0 = f32x4.add(z0, f32x4.mul(wj, y0));
              z1 = f32x4.add(z1, f32x4.mul(wj, y1));
              z2 = f32x4.add(z2, f32x4.mul(wj, y2));
              z3 = f32x4.add(z3, f32x4.mul(wj, y3));
            } else {
              z0 = y0;
              z1 = y1;
              z2 = y2;
              z3 = y3;
            }
            if (noisy) {
              // Var = Σ_i level_i² h_i with level_i = Σ_j 2^j b_ij, so level² = Σ_j Σ_k 2^(j+k) b_ij b_ik:
              // pairs (j, k ≤ j) with weight 2^(j+k), doubled off the diagonal.
              for (let k = 0; k <= j; k++) {
                const mk = k == j ? m : m & load<u64>(mp + (<usize>k << 3));
                if (mk == 0) continue;
                let h0 = zero;
                let h1 = zero;
                let h2 = zero;
                let h3 = zero;
                for (let g = 0; g < GROUPS; g++) {
                  const e = hlut + (<usize>(g * SUBSETS + <i32>((mk >> (<u64>g << 3)) & 255)) * ENTRY);
                  h0 = f32x4.add(h0, v128.load(e));
                  h1 = f32x4.add(h1, v128.load(e, 16));
                  h2 = f32x4.add(h2, v128.load(e, 32));
                  h3 = f32x4.add(h3, v128.load(e, 48));
                }
                const c = f32x4.splat(<f32>((k == j ? 1 : 2) << (j + k)));
                v0 = f32x4.add(v0, f32x4.mul(c, h0));
                v1 = f32x4.add(v1, f32x4.mul(c, h1));
                v2 = f32x4.add(v2, f32x4.mul(c, h2));
                v3 = f32x4.add(v3, f32x4.mul(c, h3));
              }
            }
          }
          // No selected row: no current, no noise, code 0.
          if (any == 0) continue;
          if (noisy) {
            const b0 = nextBits();
            const b1 = nextBits();
            const lo0 = v128.and(b0, i32x4.splat(0xffff));
            const hi0 = i32x4.shr_u(b0, 16);
            const lo1 = v128.and(b1, i32x4.splat(0xffff));
            const hi1 = i32x4.shr_u(b1, 16);
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
          const w = f32x4.splat(load<f32>(stepW + (<usize>s << 2)));
          a0 = f32x4.add(a0, f32x4.mul(w, f32x4.min(f32x4.max(f32x4.nearest(f32x4.mul(z0, inv)), zero), top)));
          a1 = f32x4.add(a1, f32x4.mul(w, f32x4.min(f32x4.max(f32x4.nearest(f32x4.mul(z1, inv)), zero), top)));
          a2 = f32x4.add(a2, f32x4.mul(w, f32x4.min(f32x4.max(f32x4.nearest(f32x4.mul(z2, inv)), zero), top)));
          a3 = f32x4.add(a3, f32x4.mul(w, f32x4.min(f32x4.max(f32x4.nearest(f32x4.mul(z3, inv)), zero), top)));
        }
        v128.store(ap, a0);
        v128.store(ap, a1, 16);
        v128.store(ap, a2, 32);
        v128.store(ap, a3, 48);
      }
    }
  }
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
