import { describe, expect, it } from "vitest";
import {
  type CrossbarSettings,
  crossbarLinear,
  fefet,
  programWeights,
  ReadStream,
  sram,
  withOverrides,
} from "../index.js";
import { intProduct, quantRows, quantWeights, rand } from "./reference.js";

/** A lossless design: no variation, no faults, ADC step of exactly one level over the full range. */
function lossless(base: CrossbarSettings, over: Parameters<typeof withOverrides>[1] = {}): CrossbarSettings {
  const s = withOverrides(base, over);
  const maxSum = s.mapping.tileRows * (2 ** s.io.dacBits - 1) * (2 ** s.device.bitsPerCell - 1);
  const adcBits = Math.ceil(Math.log2(maxSum + 1));
  return withOverrides(s, {
    noise: { writeSigma: 0, readSigma: 0, stuckAtGminRate: 0, stuckAtGmaxRate: 0, wireResistance: 0 },
    io: { adcBits, adcRange: { kind: "fixed", fullScale: 2 ** adcBits - 1 } },
  });
}

function expectExact(s: CrossbarSettings, rows: number, inF: number, out: number, seed: number, xLo = -1): void {
  const x = rand(rows * inF, seed, xLo, 1);
  const w = rand(out * inF, seed + 1);
  const p = programWeights(w, out, inF, s, seed);
  const y = crossbarLinear(p, x, rows, new ReadStream(seed));
  const xq = quantRows(x, rows, inF, s.io.inputBits, s.io.unsignedWhenNonNegative);
  const wq = quantWeights(w, out, inF, s.mapping.weightBits, s.mapping.weightScale === "per-channel");
  const yi = intProduct(xq.q, wq.q, rows, inF, out);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < out; c++) {
      const want = Math.fround(yi[r * out + c] * (xq.scale[r] * wq.scale[c]));
      if (y[r * out + c] !== want) {
        throw new Error(`y[${r},${c}] = ${y[r * out + c]}, integer product gives ${want} (${s.name})`);
      }
    }
  }
}

describe("ideal limit: output = integer product of the quantised operands × scales", () => {
  const cases: Array<[string, CrossbarSettings]> = [
    ["fefet offset", lossless(fefet)],
    ["fefet differential", lossless(fefet, { mapping: { signedWeights: "differential" } })],
    ["sram offset", lossless(sram)],
    ["sram differential per-tensor", lossless(sram, { mapping: { signedWeights: "differential", weightScale: "per-tensor" } })],
    ["split inputs", lossless(fefet, { io: { signedInputs: "split" } })],
    ["2-bit DAC", lossless(fefet, { io: { dacBits: 2 } })],
    ["3-bit DAC, 3-bit cells, 37-row tiles", lossless(fefet, { io: { dacBits: 3 }, device: { bitsPerCell: 3 }, mapping: { tileRows: 37 } })],
    ["6-bit weights, 5-bit inputs", lossless(fefet, { mapping: { weightBits: 6 }, io: { inputBits: 5 } })],
    ["signed rows only", lossless(fefet, { io: { unsignedWhenNonNegative: false } })],
  ];
  for (const [name, s] of cases) {
    it(`${name}: random shapes off the tile grid`, () => {
      const shapes: Array<[number, number, number]> = [
        [1, 1, 1],
        [3, 70, 5],
        [7, 129, 33],
        [2, 200, 17],
      ];
      shapes.forEach(([rows, inF, out], k) => {
        expectExact(s, rows, inF, out, 100 + k);
      });
    });
  }

  it("non-negative rows (e.g. softmax outputs) use the unsigned range and stay exact", () => {
    expectExact(lossless(fefet), 4, 97, 9, 7, 0);
    expectExact(lossless(fefet, { io: { signedInputs: "split" } }), 4, 97, 9, 8, 0);
  });

  it("differential and offset mappings agree bit for bit in the ideal limit", () => {
    const [rows, inF, out] = [5, 150, 21];
    const x = rand(rows * inF, 3);
    const w = rand(out * inF, 4);
    const a = crossbarLinear(programWeights(w, out, inF, lossless(fefet), 1), x, rows, new ReadStream(1));
    const dif = lossless(fefet, { mapping: { signedWeights: "differential" } });
    const b = crossbarLinear(programWeights(w, out, inF, dif, 2), x, rows, new ReadStream(2));
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});
