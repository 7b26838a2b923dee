import { describe, expect, it } from "vitest";
import {
  type CrossbarSettings,
  crossbarLinear,
  fefet,
  programWeights,
  ReadStream,
  type VariationDistribution,
  withOverrides,
} from "../index.js";
import { inputSteps, intProduct, offsetDigits, quantRows, quantWeights, rand } from "./reference.js";

// Both tests read through an ADC fine enough (20 bits over the full range, Δ = 1.8·10⁻⁴ level) that its
// Δ²/12 error is below 10⁻⁶ of the predicted variances and left out.
const gmin = 1e-7 / ((1e-5 - 1e-7) / 3); // Gmin/ΔG for the FeFET window (100 kΩ … 10 MΩ, 2-bit cells)

function fine(noise: Partial<CrossbarSettings["noise"]>, io: Partial<CrossbarSettings["io"]> = {}): CrossbarSettings {
  return withOverrides(fefet, { noise: { writeSigma: 0, readSigma: 0, ...noise }, io: { adcBits: 20, ...io } });
}

const [rows, inF, out] = [4, 100, 6];
const x = rand(rows * inF, 31);
const w = rand(out * inF, 32);
const xq = quantRows(x, rows, inF, 8);
const wq = quantWeights(w, out, inF, 8, true);
const yi = intProduct(xq.q, wq.q, rows, inF, out);
const sliceW = [1, 4, 16, 64];

/** Errors in integer units, [sample][r·out + c]. */
function errors(y: Float32Array): Float64Array {
  const e = new Float64Array(rows * out);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < out; c++) e[r * out + c] = y[r * out + c] / (xq.scale[r] * wq.scale[c]) - yi[r * out + c];
  }
  return e;
}

/** Checks that the standardised errors have mean ≈ 0 and variance ≈ 1 over samples and outputs. */
function checkStandardised(samples: Float64Array[], variance: Float64Array, meanTol: number, varTol: number) {
  const n = samples.length;
  let meanZ = 0;
  let ratio = 0;
  for (let k = 0; k < variance.length; k++) {
    let s = 0;
    let s2 = 0;
    for (const e of samples) {
      s += e[k];
      s2 += e[k] * e[k];
    }
    meanZ += s / n / Math.sqrt(variance[k]);
    ratio += s2 / n / variance[k];
  }
  meanZ /= variance.length;
  ratio /= variance.length;
  expect(Math.abs(meanZ)).toBeLessThan(meanTol);
  expect(ratio).toBeGreaterThan(1 - varTol);
  expect(ratio).toBeLessThan(1 + varTol);
}

describe("write (programming) variation", () => {
  // G = Gtarget·f, E f = 1, std f = σ: the cell's level error is (d + gmin)(f − 1), so with a lossless
  // read the output error is Σ_i x_i Σ_s 4^s (d_is + gmin)(f_is − 1):
  //   E = 0, Var = σ² Σ_i x_i² Σ_s 16^s (d_is + gmin)²   (over programming draws).
  for (const dist of ["gaussian", "lognormal", "uniform"] as VariationDistribution[]) {
    it(`${dist}: outputs unbiased, variance = σ² Σ x² Σ 16^s (d + gmin)²`, () => {
      const sigma = 0.2;
      const s = fine({ writeSigma: sigma, writeDistribution: dist });
      const variance = new Float64Array(rows * out);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < out; c++) {
          let v = 0;
          for (let i = 0; i < inF; i++) {
            const d = offsetDigits(wq.q[c * inF + i], 8, 2);
            let g = 0;
            for (let sl = 0; sl < 4; sl++) g += sliceW[sl] ** 2 * (d[sl] + gmin) ** 2;
            v += xq.q[r * inF + i] ** 2 * g;
          }
          variance[r * out + c] = sigma * sigma * v;
        }
      }
      const samples: Float64Array[] = [];
      for (let seed = 0; seed < 300; seed++) {
        samples.push(errors(crossbarLinear(programWeights(w, out, inF, s, 1000 + seed), x, rows, new ReadStream(seed))));
      }
      checkStandardised(samples, variance, 0.06, 0.08);
    });
  }
});

describe("read (cycle-to-cycle) variation, drawn once per column read", () => {
  // Per-cell model: every read of cell i sees G_i(1 + σ ε_i), ε_i ~ N(0, 1) independent. A column read in
  // step j with DAC levels v_ij then carries Σ_i v_ij σ G_i ε_i ~ N(0, σ² Σ_i v_ij² G_i²) exactly, which is
  // what the kernel draws. Output variance in integer units (levels of G/ΔG = d + gmin):
  //   Var = σ² Σ_tiles Σ_j w_j² Σ_s 16^s Σ_i v_ij² (d_is + gmin)².
  for (const dacBits of [1, 2]) {
    it(`${dacBits}-bit DAC: unbiased, variance matches the per-cell model, Gaussian shape`, () => {
      const sigma = 0.1;
      const s = fine({ readSigma: sigma }, { dacBits });
      const p = programWeights(w, out, inF, s, 1);
      const variance = new Float64Array(rows * out);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < out; c++) {
          let v = 0;
          for (let i = 0; i < inF; i++) {
            const d = offsetDigits(wq.q[c * inF + i], 8, 2);
            let g = 0;
            for (let sl = 0; sl < 4; sl++) g += sliceW[sl] ** 2 * (d[sl] + gmin) ** 2;
            for (const st of inputSteps(xq.q[r * inF + i], 8, dacBits, false)) v += st.w ** 2 * st.v ** 2 * g;
          }
          variance[r * out + c] = sigma * sigma * v;
        }
      }
      const stream = new ReadStream(7);
      const samples: Float64Array[] = [];
      for (let k = 0; k < 2000; k++) samples.push(errors(crossbarLinear(p, x, rows, stream)));
      checkStandardised(samples, variance, 0.03, 0.05);
      // Shape: pooled standardised errors have the normal's tail mass and kurtosis.
      let beyond2 = 0;
      let m4 = 0;
      let n = 0;
      for (const e of samples) {
        for (let k = 0; k < e.length; k++) {
          const z = e[k] / Math.sqrt(variance[k]);
          if (Math.abs(z) > 2) beyond2++;
          m4 += z ** 4;
          n++;
        }
      }
      expect(beyond2 / n).toBeGreaterThan(0.0455 - 0.006);
      expect(beyond2 / n).toBeLessThan(0.0455 + 0.006);
      expect(m4 / n).toBeGreaterThan(2.8);
      expect(m4 / n).toBeLessThan(3.2);
    });
  }
});
