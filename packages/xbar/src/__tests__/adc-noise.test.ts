import { describe, expect, it } from "vitest";
import {
  adcStep,
  crossbarLinear,
  fefet,
  KERNEL_TILE_ROWS,
  maxColumnSum,
  programWeights,
  ReadStream,
  withOverrides,
} from "../index.js";
import { inputSteps, intProduct, quantRows, quantWeights, rand } from "./reference.js";

// Analytic model (Widrow): each conversion rounds to a grid of step Δ; for a continuous signal spread over
// many steps the error is uniform on [−Δ/2, Δ/2] (variance Δ²/12) and independent across conversions.
// The shift-and-add weighs the conversion of step j, slice s by w_j·4^s, so in integer units
//   Var[y_rc] = Δ²/12 · Σ_s 16^s · Σ_{tiles, non-empty steps j} w_j²
// (a step with no active row converts an exact zero). Write variation makes the column sums continuous;
// the reference is the unconverted product of the quantised inputs with the programmed conductances,
// read from the documented `levels` layout (codes × 2^-levelBits). (With variation off the sums are integers and, for a step
// close to a whole number of levels, the lattice aliases with the ADC grid: the error variance then
// departs from Δ²/12 by up to ~8 %, see the README.)
describe("ADC quantisation noise", () => {
  for (const adcBits of [4, 5, 6, 7]) {
    it(`${adcBits}-bit ADC over the full range: error variance matches Δ²/12 propagated`, () => {
      const s = withOverrides(fefet, {
        noise: { writeSigma: 0.2, readSigma: 0 },
        io: { adcBits, adcRange: { kind: "max" } },
      });
      const [rows, inF, out] = [48, 256, 64];
      const x = rand(rows * inF, 11);
      const w = rand(out * inF, 12);
      const p = programWeights(w, out, inF, s, 5);
      const y = crossbarLinear(p, x, rows, new ReadStream(1));
      const xq = quantRows(x, rows, inF, 8);
      const wq = quantWeights(w, out, inF, 8, true);
      const zero = new Int32Array(out * inF);
      const offsetTerm = intProduct(xq.q, zero.map(() => 128), rows, inF, out);
      const delta = adcStep(s, maxColumnSum(s));
      let measured = 0;
      let predicted = 0;
      let bias = 0;
      for (let r = 0; r < rows; r++) {
        let stepW2 = 0;
        for (let t = 0; t * 64 < inF; t++) {
          const used = new Map<number, number>();
          for (let i = t * 64; i < Math.min(inF, t * 64 + 64); i++) {
            inputSteps(xq.q[r * inF + i], 8, 1, false).forEach((st, j) => {
              if (st.v !== 0) used.set(j, st.w);
            });
          }
          for (const wj of used.values()) stepW2 += wj * wj;
        }
        for (let c = 0; c < out; c++) {
          // Unconverted reference: Σ_i x_i Σ_s 4^s g[i, c, s] − 128·Σ_i x_i.
          let ref = -offsetTerm[r * out + c];
          for (let i = 0; i < inF; i++) {
            const row = (Math.floor(i / 64) * KERNEL_TILE_ROWS + (i % 64)) * p.virtualColumns + c * 4;
            let g = 0;
            for (let sl = 0; sl < 4; sl++) g += 4 ** sl * p.levels[row + sl] * 2 ** -p.levelBits;
            ref += xq.q[r * inF + i] * g;
          }
          const e = y[r * out + c] / (xq.scale[r] * wq.scale[c]) - ref;
          measured += e * e;
          bias += e;
          predicted += ((delta * delta) / 12) * (1 + 16 + 256 + 4096) * stepW2;
        }
      }
      expect(measured / predicted).toBeGreaterThan(0.92);
      expect(measured / predicted).toBeLessThan(1.08);
      // Unbiased: the mean error is small against its standard deviation.
      expect(Math.abs(bias / (rows * out)) / Math.sqrt(predicted / (rows * out))).toBeLessThan(0.1);
    });
  }

  it("fewer ADC bits ⇒ larger error against the integer product (4 vs 8 bits, no variation)", () => {
    const [rows, inF, out] = [8, 128, 16];
    const x = rand(rows * inF, 21);
    const w = rand(out * inF, 22);
    const err = (adcBits: number): number => {
      const s = withOverrides(fefet, { noise: { writeSigma: 0, readSigma: 0 }, io: { adcBits } });
      const y = crossbarLinear(programWeights(w, out, inF, s, 1), x, rows, new ReadStream(1));
      const xq = quantRows(x, rows, inF, 8);
      const wq = quantWeights(w, out, inF, 8, true);
      const yi = intProduct(xq.q, wq.q, rows, inF, out);
      let e2 = 0;
      for (let k = 0; k < y.length; k++) e2 += (y[k] / (xq.scale[Math.floor(k / out)] * wq.scale[k % out]) - yi[k]) ** 2;
      return e2;
    };
    expect(err(4)).toBeGreaterThan(16 * err(8));
  });
});
