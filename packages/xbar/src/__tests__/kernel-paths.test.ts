import { afterEach, describe, expect, it } from "vitest";
import { crossbarLinear, fefet, programWeights, ReadStream, withOverrides } from "../index.js";
import { xbarWasm } from "../xbar-wasm.js";
import { rand } from "./reference.js";

// The 1-bit-DAC products run a specialised loop (read1: block-wise draws, register accumulators, in-register
// gathers); the general loop (read) serves multi-bit DACs and calibration and is what the statistical tests
// check for every DAC width. Routing read1's calls to read must change no bit of the output nor of the
// stream state, or the fast path has drifted from the model.
describe("kernel paths", () => {
  const wasm = xbarWasm();
  const original = wasm.ex;
  afterEach(() => {
    (wasm as { ex: typeof original }).ex = original;
  });

  const viaGeneral = (): void => {
    const ex = original;
    (wasm as { ex: typeof original }).ex = {
      ...ex,
      read: ex.read,
      read1: (masks, rows, tiles, steps, levels, nv, stepW, acc, lut, _offs, zScale, sigma, gmin, hUnit, gauss, rng, noise, invDelta, maxCode) =>
        ex.read(masks, rows, tiles, steps, 1, levels, nv, stepW, acc, lut, zScale, sigma, gmin, hUnit, gauss, rng, noise, invDelta, maxCode, 0, 0, 0),
    };
  };

  for (const [label, design] of [
    ["fefet (write and read variation)", fefet],
    ["fefet without read noise", withOverrides(fefet, { name: "fefet-noread", noise: { readSigma: 0 } })],
    ["37-row tiles, split inputs", withOverrides(fefet, { name: "odd", mapping: { tileRows: 37 }, io: { signedInputs: "split" } })],
  ] as const) {
    it(`1-bit fast path ≡ general path bit for bit: ${label}`, () => {
      const [rows, inF, outF] = [7, 150, 21];
      const x = rand(rows * inF, 11);
      // A row of zeros and a non-negative row exercise skipped steps and the unsigned MSB step.
      x.fill(0, 0, inF);
      for (let i = inF; i < 2 * inF; i++) x[i] = Math.abs(x[i]);
      const p = programWeights(rand(outF * inF, 12), outF, inF, design, 5);
      const fast = new ReadStream(9);
      const a = [crossbarLinear(p, x, rows, fast), crossbarLinear(p, x, rows, fast)];
      viaGeneral();
      const general = new ReadStream(9);
      const b = [crossbarLinear(p, x, rows, general), crossbarLinear(p, x, rows, general)];
      for (let i = 0; i < a.length; i++) expect(Array.from(b[i])).toEqual(Array.from(a[i]));
      expect(Array.from(general.state)).toEqual(Array.from(fast.state));
    });
  }
});
