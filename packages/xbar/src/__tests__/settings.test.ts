import { describe, expect, it } from "vitest";
import {
  type CrossbarOverrides,
  fefet,
  getPreset,
  listPresets,
  sram,
  validateSettings,
  withOverrides,
  XbarConfigError,
} from "../index.js";

describe("presets", () => {
  it("carry the paper's device and converter values", () => {
    expect(fefet.device).toEqual({ bitsPerCell: 2, rOn: 100e3, rOff: 10e6 });
    expect([fefet.noise.readSigma, fefet.noise.writeSigma]).toEqual([0.1, 0.2]);
    expect([fefet.io.inputBits, fefet.io.dacBits, fefet.io.adcBits]).toEqual([8, 1, 6]);
    expect([fefet.mapping.tileRows, fefet.mapping.tileCols, fefet.mapping.weightBits]).toEqual([64, 64, 8]);
    expect(sram.device.bitsPerCell).toBe(1);
    expect([sram.noise.readSigma, sram.noise.writeSigma]).toEqual([0, 0]);
  });

  it("are frozen values, found by name; an unknown name lists the known ones", () => {
    expect(Object.isFrozen(fefet.noise)).toBe(true);
    expect(() => {
      (fefet.noise as { readSigma: number }).readSigma = 0.5;
    }).toThrow(TypeError);
    for (const name of listPresets()) expect(getPreset(name).name).toBe(name);
    expect(() => getPreset("rram")).toThrow(/unknown preset "rram"; known: fefet, sram/);
  });

  it("overrides make a validated copy and leave the preset alone", () => {
    const s = withOverrides(fefet, { io: { adcBits: 4 } });
    expect(s.io.adcBits).toBe(4);
    expect(fefet.io.adcBits).toBe(6);
    expect(s.device).toEqual(fefet.device);
  });
});

describe("validation: nonsense fails with a typed error naming the setting", () => {
  const bad: Array<[string, CrossbarOverrides, RegExp]> = [
    ["0 ADC bits", { io: { adcBits: 0 } }, /^io\.adcBits: .*0 bits cannot represent/],
    ["Ron ≥ Roff", { device: { rOn: 1e6, rOff: 1e6 } }, /^device\.rOff: must exceed device\.rOn/],
    ["negative write sigma", { noise: { writeSigma: -0.1 } }, /^noise\.writeSigma:/],
    ["fault rates above 1", { noise: { stuckAtGminRate: 0.6, stuckAtGmaxRate: 0.6 } }, /must not exceed 1/],
    ["0 bits per cell", { device: { bitsPerCell: 0 } }, /^device\.bitsPerCell:/],
    ["fractional input bits", { io: { inputBits: 7.5 } }, /^io\.inputBits:/],
    ["DAC as wide as the input", { io: { dacBits: 4, inputBits: 4 } }, /^io\.dacBits: .*sign bit/],
    ["128-row tiles", { mapping: { tileRows: 128 } }, /^mapping\.tileRows: .*64 rows/],
    ["unknown mapping", { mapping: { signedWeights: "twos" as never } }, /^mapping\.signedWeights: must be one of/],
    ["zero full scale", { io: { adcRange: { kind: "fixed", fullScale: 0 } } }, /^io\.adcRange\.fullScale:/],
    ["quantile 0", { io: { adcRange: { kind: "calibrated", quantile: 0 } } }, /^io\.adcRange\.quantile:/],
    ["unknown range", { io: { adcRange: { kind: "auto" } as never } }, /^io\.adcRange: must be/],
    ["unknown distribution", { noise: { writeDistribution: "cauchy" as never } }, /^noise\.writeDistribution:/],
    ["empty name", { name: "" }, /^name:/],
  ];
  for (const [what, o, msg] of bad) {
    it(what, () => {
      let err: unknown;
      try {
        withOverrides(fefet, o);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(XbarConfigError);
      expect((err as Error).message).toMatch(msg);
    });
  }

  it("a missing group is reported", () => {
    expect(() => validateSettings({ ...fefet, noise: undefined as never })).toThrow(/^noise: missing settings group/);
  });
});
