import { describe, expect, it } from "vitest";
import { randomCropFlip, randomCropFlipWithDraws } from "../augment.js";
import { DataLoader, gatherRows } from "../data-loader.js";
import { DataOptionError } from "../errors.js";
import { mixSeeds, mulberry32, shuffledIndices } from "../rng.js";

describe("seeded RNG and shuffling", () => {
  it("mulberry32 is uniform enough (mean, variance) and reproducible", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    let s = 0;
    let s2 = 0;
    const n = 100000;
    for (let i = 0; i < n; i++) {
      const u = a();
      expect(u).toBe(b());
      s += u;
      s2 += u * u;
    }
    expect(Math.abs(s / n - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(s2 / n - s ** 2 / n ** 2 - 1 / 12)).toBeLessThan(0.002);
  });

  it("shuffledIndices is a permutation; positions are near-uniform over seeds", () => {
    const counts = Array.from({ length: 5 }, () => new Array(5).fill(0));
    for (let seed = 0; seed < 5000; seed++) {
      const p = shuffledIndices(5, seed);
      expect([...p].sort()).toEqual([0, 1, 2, 3, 4]);
      for (let i = 0; i < 5; i++) counts[i][p[i]]++;
    }
    for (const row of counts) for (const c of row) expect(Math.abs(c - 1000)).toBeLessThan(130);
  });

  it("rejects non-integer seeds", () => {
    expect(() => mulberry32(0.5)).toThrow(DataOptionError);
    expect(() => mixSeeds(1, Number.NaN)).toThrow(/integer/);
  });
});

describe("DataLoader", () => {
  it("covers every index once per epoch, with a partial last batch", () => {
    const dl = new DataLoader({ size: 10, batchSize: 4, seed: 3 });
    const batches = [...dl.epoch(0)];
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(batches.flatMap((b) => [...b]).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(dl.numBatches).toBe(3);
  });

  it("same (seed, epoch) gives the same order; other epochs and seeds differ", () => {
    const a = new DataLoader({ size: 50, batchSize: 8, seed: 11 });
    const b = new DataLoader({ size: 50, batchSize: 8, seed: 11 });
    const c = new DataLoader({ size: 50, batchSize: 8, seed: 12 });
    expect([...a.order(2)]).toEqual([...b.order(2)]);
    expect([...a.order(2)]).not.toEqual([...a.order(3)]);
    expect([...a.order(2)]).not.toEqual([...c.order(2)]);
  });

  it("dropLast and no-shuffle", () => {
    const dl = new DataLoader({ size: 10, batchSize: 4, seed: 0, shuffle: false, dropLast: true });
    expect([...dl.epoch(5)].map((b) => [...b])).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
  });

  it("gatherRows copies the addressed rows and rejects bad indices", () => {
    const src = new Float32Array([0, 1, 10, 11, 20, 21]);
    expect([...gatherRows(src, 2, [2, 0])]).toEqual([20, 21, 0, 1]);
    expect(gatherRows(new Int32Array([5, 6, 7]), 1, [1])).toBeInstanceOf(Int32Array);
    expect(() => gatherRows(src, 2, [3])).toThrow(/outside 0\.\.2/);
    expect(() => new DataLoader({ size: 3, batchSize: 0, seed: 0 })).toThrow(/batchSize/);
  });
});

describe("randomCropFlip", () => {
  const rows = 5;
  const cols = 6;
  // Distinct positive values so every shift/flip is identifiable.
  const img = Float32Array.from({ length: 2 * rows * cols }, (_, i) => i + 1);

  /** Reference: pad, crop at (top, left), flip — written the direct, slow way. */
  function reference(src: Float32Array, top: number, left: number, flip: boolean, pad: number): number[] {
    const padded: number[][] = [];
    for (let y = 0; y < rows + 2 * pad; y++) {
      padded.push([]);
      for (let x = 0; x < cols + 2 * pad; x++) {
        const sy = y - pad;
        const sx = x - pad;
        padded[y].push(sy >= 0 && sy < rows && sx >= 0 && sx < cols ? src[sy * cols + sx] : 0);
      }
    }
    const out: number[] = [];
    for (let y = 0; y < rows; y++) {
      const row = padded[y + top].slice(left, left + cols);
      out.push(...(flip ? row.reverse() : row));
    }
    return out;
  }

  it("each output is one of the pad-crop-flip candidates, and all candidates occur", () => {
    const pad = 2;
    const seen = new Set<string>();
    for (let seed = 0; seed < 400; seed++) {
      const out = randomCropFlip(img, { rows, cols, padding: pad, seed });
      for (let n = 0; n < 2; n++) {
        const got = [...out.subarray(n * rows * cols, (n + 1) * rows * cols)];
        const src = img.subarray(n * rows * cols, (n + 1) * rows * cols);
        let match = "";
        for (let t = 0; t <= 2 * pad && !match; t++)
          for (let l = 0; l <= 2 * pad && !match; l++)
            for (const f of [false, true]) if (!match && reference(src, t, l, f, pad).every((v, i) => v === got[i])) match = `${t},${l},${f}`;
        expect(match).not.toBe("");
        seen.add(match);
      }
    }
    expect(seen.size).toBe(5 * 5 * 2);
  });

  it("padding 0 and no flip is the identity; flipProbability 1 mirrors; seeds reproduce", () => {
    expect([...randomCropFlip(img, { rows, cols, padding: 0, flipProbability: 0, seed: 1 })]).toEqual([...img]);
    const m = randomCropFlip(img, { rows, cols, padding: 0, flipProbability: 1, seed: 1 });
    expect(m[0]).toBe(img[cols - 1]);
    expect([...randomCropFlip(img, { rows, cols, seed: 9 })]).toEqual([...randomCropFlip(img, { rows, cols, seed: 9 })]);
    expect(() => randomCropFlip(img, { rows: 4, cols, seed: 0 })).toThrow(/not a multiple/);
  });

  it("randomCropFlipWithDraws reports exactly the images it mirrored (flip only: each is itself or its mirror)", () => {
    const many = Float32Array.from({ length: 40 * rows * cols }, (_, i) => i + 1);
    const { images, flipped } = randomCropFlipWithDraws(many, { rows, cols, padding: 0, seed: 12 });
    expect([...images]).toEqual([...randomCropFlip(many, { rows, cols, padding: 0, seed: 12 })]);
    expect(flipped.length).toBe(40);
    expect(new Set(flipped).size).toBe(2);
    for (let n = 0; n < 40; n++) {
      const src = many.subarray(n * rows * cols, (n + 1) * rows * cols);
      const got = [...images.subarray(n * rows * cols, (n + 1) * rows * cols)];
      expect(got, `image ${n}`).toEqual(reference(src, 0, 0, flipped[n] === 1, 0));
    }
  });
});
