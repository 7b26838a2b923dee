// Seeded random data for tests. Deliberately independent of @trex/tensor's Rng (mulberry32 here), so
// test inputs do not depend on the code under test.

/** A seeded uniform [0, 1) generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n uniform values in [lo, hi). */
export function randomFloat32(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const r = seededRandom(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * r();
  return out;
}

/** n standard-normal values (Box–Muller), scaled by std. */
export function randomNormal(n: number, seed: number, std = 1): Float32Array {
  const r = seededRandom(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = std * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return out;
}

/** n integers uniform in [lo, hi). */
export function randomInt32(n: number, seed: number, lo: number, hi: number): Int32Array {
  const r = seededRandom(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + Math.floor((hi - lo) * r());
  return out;
}

/**
 * n values in [lo, hi), pairwise at least `gap` apart and at least gap/2 away from 0 — for gradient
 * checks of ops with kinks or ties (ReLU, max, top-k), so a finite-difference step never crosses one.
 */
export function randomDistinct(n: number, seed: number, lo = -1, hi = 1, gap = 0.02): Float32Array {
  const r = seededRandom(seed);
  const slots = Math.floor((hi - lo) / gap);
  if (slots < n) throw new Error(`randomDistinct: [${lo}, ${hi}) cannot hold ${n} values ${gap} apart.`);
  // Slot centres sit at (k + 0.5)·gap from lo; values are slot centres, shuffled, skipping slots near 0.
  const centres: number[] = [];
  for (let k = 0; k < slots; k++) {
    const c = lo + (k + 0.5) * gap;
    if (Math.abs(c) >= gap / 2) centres.push(c);
  }
  for (let i = centres.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [centres[i], centres[j]] = [centres[j], centres[i]];
  }
  if (centres.length < n) throw new Error(`randomDistinct: not enough slots away from 0 for ${n} values.`);
  return Float32Array.from(centres.slice(0, n));
}

/** A random shape of the given rank with sizes in [minDim, maxDim]. */
export function randomShape(rank: number, seed: number, minDim = 1, maxDim = 4): number[] {
  const r = seededRandom(seed);
  return Array.from({ length: rank }, () => minDim + Math.floor((maxDim - minDim + 1) * r()));
}
