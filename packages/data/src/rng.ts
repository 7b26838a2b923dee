import { DataOptionError } from "./errors.js";

/** Checks that `seed` is a finite integer (every random draw here takes one explicitly). */
export function checkSeed(seed: number, what = "seed"): void {
  if (!Number.isInteger(seed)) {
    throw new DataOptionError(`${what} must be an integer, got ${seed}; pass an explicit integer seed`);
  }
}

/** mulberry32: a small, fast 32-bit PRNG; returns uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  checkSeed(seed);
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes several integers (e.g. seed, epoch, batch) into one 32-bit seed (murmur3 finaliser per step). */
export function mixSeeds(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    checkSeed(p, "seed part");
    h = Math.imul(h ^ (p >>> 0) ^ Math.floor(p / 4294967296), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A uniform integer in [0, n) from `rand`. */
export function randInt(rand: () => number, n: number): number {
  return Math.floor(rand() * n);
}

/** 0..n-1 in a Fisher–Yates order determined by `seed`. */
export function shuffledIndices(n: number, seed: number): Int32Array {
  const rand = mulberry32(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = randInt(rand, i + 1);
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}
