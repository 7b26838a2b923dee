import { describe, expect, it } from "vitest";
import { crossbarLinear, fefet, KERNEL_TILE_ROWS, programWeights, ReadStream, withOverrides } from "../index.js";

// Hand-computed cases. Inputs and weights are exact multiples of 1/127 with a 127 entry, so the
// quantised integers are the numerators: x_q = [1, −2, 127], w_q = [3, 5, −127], scales 1/127 each.
const x = new Float32Array([1 / 127, -2 / 127, 1]);
const w = new Float32Array([3 / 127, 5 / 127, -1]);
const scale = (1 / 127) * (1 / 127);
const exact = 1 * 3 + -2 * 5 + 127 * -127; // −16 136

const ideal = withOverrides(fefet, {
  noise: { writeSigma: 0, readSigma: 0 },
  io: { adcBits: 8, adcRange: { kind: "fixed", fullScale: 255 } },
});

describe("stuck-at faults", () => {
  it("fault-free: the integer product", () => {
    const y = crossbarLinear(programWeights(w, 1, 3, ideal, 1), x, 1, new ReadStream(1));
    expect(y[0]).toBe(Math.fround(exact * scale));
  });

  it("a column stuck at Gmax: offset mapping, slice 0 reads 3 in every row", () => {
    // u = q + 128 = [131, 133, 1]; slice-0 digits u mod 4 = [3, 1, 1] → all 3: the column gains
    // Σ x_i (3 − d_i) = 1·0 + (−2)·2 + 127·2 = 250 at shift-and-add weight 1.
    const p = programWeights(w, 1, 3, ideal, 1);
    for (let i = 0; i < 3; i++) p.levels[i * p.virtualColumns + 0] = 3 * 2 ** p.levelBits;
    const y = crossbarLinear(p, x, 1, new ReadStream(1));
    expect(y[0]).toBe(Math.fround((exact + 250) * scale));
  });

  it("a column stuck at Gmin: slice 3 (weight 64) reads 0", () => {
    // slice-3 digits floor(u / 64) = [2, 2, 0]: the column loses 64·(1·2 + (−2)·2 + 127·0) = −128.
    const p = programWeights(w, 1, 3, ideal, 1);
    for (let i = 0; i < 3; i++) p.levels[i * p.virtualColumns + 3] = 0;
    const y = crossbarLinear(p, x, 1, new ReadStream(1));
    expect(y[0]).toBe(Math.fround((exact + 128) * scale));
  });

  it("every cell stuck at Gmax (rate 1): offset reads u = 255 ⇒ q = 127; differential cancels to 0", () => {
    const s = withOverrides(ideal, { noise: { stuckAtGmaxRate: 1 } });
    const y = crossbarLinear(programWeights(w, 1, 3, s, 1), x, 1, new ReadStream(1));
    expect(y[0]).toBe(Math.fround(127 * (1 - 2 + 127) * scale));
    const d = withOverrides(s, { mapping: { signedWeights: "differential" } });
    expect(crossbarLinear(programWeights(w, 1, 3, d, 1), x, 1, new ReadStream(1))[0]).toBe(0);
  });

  it("every cell stuck at Gmin (rate 1): offset reads u = 0 ⇒ q = −128", () => {
    const s = withOverrides(ideal, { noise: { stuckAtGminRate: 1 } });
    const y = crossbarLinear(programWeights(w, 1, 3, s, 1), x, 1, new ReadStream(1));
    expect(y[0]).toBe(Math.fround(-128 * (1 - 2 + 127) * scale));
  });

  it("fault rates: the fraction of stuck cells matches the rate", () => {
    const s = withOverrides(ideal, {
      noise: { stuckAtGminRate: 0.1, stuckAtGmaxRate: 0.05 },
      mapping: { weightScale: "per-tensor" },
    });
    const big = new Float32Array(64 * 50).fill(0.3);
    big[0] = 1; // scale 1/127; 0.3 → q = 38, u = 166: digits [2, 1, 2, 2], no digit is 0 or 3
    const p = programWeights(big, 50, 64, s, 3);
    let lo = 0;
    let hi = 0;
    let n = 0;
    for (let i = 0; i < 64; i++) {
      for (let v = 0; v < 200; v++) {
        if (i === 0 && v < 4) continue;
        const g = p.levels[i * p.virtualColumns + v] * 2 ** -p.levelBits;
        if (g === 0) lo++;
        if (g === 3) hi++;
        n++;
      }
    }
    expect(Math.abs(lo / n - 0.1)).toBeLessThan(0.015);
    expect(Math.abs(hi / n - 0.05)).toBeLessThan(0.012);
  });
});

describe("first-order IR drop", () => {
  it("cell (row i, column j) conducts G/(1 + G·r·((j + 1) + (tileRows − i)))", () => {
    const r = 500; // Ω per segment
    const s = withOverrides(ideal, { noise: { wireResistance: r } });
    const p = programWeights(w, 1, 3, s, 1);
    const gmax = 1e-5;
    const gmin = 1e-7;
    const dG = (gmax - gmin) / 3;
    // Row 2 holds w_q = −127 → u = 1 → slice digits [1, 0, 0, 0]; column 0 of the crossbar.
    const G = gmin + 1 * dG;
    const rs = r * (0 + 1 + (64 - 2));
    const want = G / (1 + G * rs) / dG - gmin / dG;
    // Stored on the kernel's fixed-point grid of 2^-levelBits level.
    const got = p.levels[2 * p.virtualColumns + 0] * 2 ** -p.levelBits;
    expect(Math.abs(got - want)).toBeLessThanOrEqual(2 ** -p.levelBits / 2);
    expect(got).not.toBe(1);
    // Read through a fine ADC, the output follows the dropped conductances:
    // y = Σ_i x_i (Σ_s 4^s g_is − 128) with the programmed g.
    const fine = withOverrides(s, { io: { adcBits: 24, adcRange: { kind: "max" } } }); // |error| ≤ Δ/2·Σ|w_j|·Σ4^s < 0.2
    const pf = programWeights(w, 1, 3, fine, 1);
    const xq = [1, -2, 127];
    let want2 = 0;
    for (let i = 0; i < 3; i++) {
      let g = -128;
      for (let sl = 0; sl < 4; sl++) g += 4 ** sl * pf.levels[i * pf.virtualColumns + sl] * 2 ** -pf.levelBits;
      want2 += xq[i] * g;
    }
    const y1 = crossbarLinear(pf, x, 1, new ReadStream(1))[0];
    expect(y1 / scale).toBeCloseTo(want2, 0);
    expect(Math.abs(y1 / scale - exact)).toBeGreaterThan(10);
    expect(KERNEL_TILE_ROWS).toBe(64);
  });
});
