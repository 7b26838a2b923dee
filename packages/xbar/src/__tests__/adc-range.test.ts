import { describe, expect, it } from "vitest";
import { crossbarLinear, fefet, maxColumnSum, programWeights, type ReadState, ReadStream, withOverrides } from "../index.js";
import { inputSteps, offsetDigits, quantRows, quantWeights, rand } from "./reference.js";

// Column sums of every non-empty read, computed from the quantised operands (no variation):
// z = Σ_{i in tile} v_ij · d_is for each row, tile, step j, column c, slice s.
function columnSums(x: Float32Array, w: Float32Array, rows: number, inF: number, out: number): number[] {
  const xq = quantRows(x, rows, inF, 8);
  const wq = quantWeights(w, out, inF, 8, true);
  const sums: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t * 64 < inF; t++) {
      const idx = Array.from({ length: Math.min(64, inF - t * 64) }, (_, k) => t * 64 + k);
      const steps = idx.map((i) => inputSteps(xq.q[r * inF + i], 8, 1, false));
      for (let j = 0; j < steps[0].length; j++) {
        if (steps.every((st) => st[j].v === 0)) continue;
        for (let c = 0; c < out; c++) {
          for (let s = 0; s < 4; s++) {
            let z = 0;
            idx.forEach((i, k) => {
              z += steps[k][j].v * offsetDigits(wq.q[c * inF + i], 8, 2)[s];
            });
            sums.push(z);
          }
        }
      }
    }
  }
  return sums.sort((a, b) => a - b);
}

describe("ADC range policies", () => {
  const [rows, inF, out] = [6, 100, 5];
  const x = rand(rows * inF, 41);
  const w = rand(out * inF, 42);
  const sums = columnSums(x, w, rows, inF, out);

  for (const q of [1, 0.9, 0.5]) {
    it(`calibrated (quantile ${q}): full scale = upper edge of the ${q} quantile of the column sums, kept after`, () => {
      const s = withOverrides(fefet, {
        noise: { writeSigma: 0, readSigma: 0 },
        io: { adcRange: { kind: "calibrated", quantile: q } },
      });
      const p = programWeights(w, out, inF, s, 1);
      const state: ReadState = {};
      const y1 = crossbarLinear(p, x, rows, new ReadStream(1), state);
      const want = sums[Math.ceil(q * sums.length) - 1] + 1;
      expect(state.fullScale).toBe(want);
      // The frozen range: a second read with other data keeps it, and equals a fixed-range read.
      const fixed = withOverrides(s, { io: { adcRange: { kind: "fixed", fullScale: want } } });
      const y2 = crossbarLinear(p, rand(rows * inF, 43), rows, new ReadStream(1), state);
      expect(state.fullScale).toBe(want);
      expect(Array.from(y2)).toEqual(
        Array.from(crossbarLinear(programWeights(w, out, inF, fixed, 1), rand(rows * inF, 43), rows, new ReadStream(1))),
      );
      expect(y1.length).toBe(rows * out);
    });
  }

  it("max: full scale is tileRows × max DAC level × max cell level", () => {
    expect(maxColumnSum(fefet)).toBe(64 * 1 * 3);
    expect(maxColumnSum(withOverrides(fefet, { io: { dacBits: 2 }, mapping: { tileRows: 32 } }))).toBe(32 * 3 * 3);
  });

  it("a fixed range below the column sums clips at the top code (hand-computed)", () => {
    // x all 1 (unsigned rows: q = 255, every step selects all 64 rows), w all 1 (q = 127, u = 255,
    // digits 3): every read sums 64·3 = 192 levels. A 7-bit ADC over 127 levels (Δ = 1) returns 127.
    // y = Σ_j w_j · Σ_s 4^s · code − 128·Σx = 255·85·127 − 128·64·255.
    const s = withOverrides(fefet, {
      noise: { writeSigma: 0, readSigma: 0 },
      io: { adcBits: 7, adcRange: { kind: "fixed", fullScale: 127 } },
    });
    const ones = new Float32Array(64).fill(1);
    const y = crossbarLinear(programWeights(ones, 1, 64, s, 1), ones, 1, new ReadStream(1));
    const scale = (1 / 255) * (1 / 127);
    expect(y[0]).toBe(Math.fround((255 * 85 * 127 - 128 * 64 * 255) * scale));
    const wide = withOverrides(s, { io: { adcBits: 8, adcRange: { kind: "fixed", fullScale: 255 } } });
    expect(crossbarLinear(programWeights(ones, 1, 64, wide, 1), ones, 1, new ReadStream(1))[0]).toBe(
      Math.fround(64 * 255 * 127 * scale),
    );
  });
});
