import { XbarConfigError } from "./errors.js";
import type { CrossbarSettings } from "./settings.js";
import { validateSettings } from "./validate.js";

// Values from TReX (arXiv 2408.12742) §4 / Table of devices, as summarised in /work/shared/trex-method.md:
// 64×64 crossbars, 8-bit weights and inputs, 1 bit per cycle, 6-bit flash ADCs. Fields the paper leaves
// open are marked "choice" and documented in the README.

/** FeFET crossbar (the paper's static-weight design): 2 bits/cell, 10 % read / 20 % write variation. */
export const fefet: CrossbarSettings = validateSettings({
  name: "fefet",
  device: { bitsPerCell: 2, rOn: 100e3, rOff: 10e6 },
  noise: {
    writeSigma: 0.2,
    writeDistribution: "gaussian", // choice
    clipToRange: false, // choice
    readSigma: 0.1,
    stuckAtGminRate: 0,
    stuckAtGmaxRate: 0,
    wireResistance: 0, // choice: IR drop off
  },
  io: {
    inputBits: 8,
    dacBits: 1,
    adcBits: 6,
    adcRange: { kind: "max" }, // choice
    signedInputs: "twos-complement", // choice
    unsignedWhenNonNegative: true, // choice
  },
  mapping: {
    tileRows: 64,
    tileCols: 64,
    weightBits: 8,
    weightScale: "per-channel", // choice
    signedWeights: "offset", // choice: 4 cell slices per 8-bit weight, as in the paper's crossbar count
  },
});

/**
 * SRAM crossbar (the paper's choice for the run-time-written operands Kᵀ and V): 1 bit/cell, no variation.
 * The paper gives no resistances; an SRAM cell is modelled as an ideal switch (rOff = ∞; rOn is nominal and
 * does not enter the read-out).
 */
export const sram: CrossbarSettings = validateSettings({
  name: "sram",
  device: { bitsPerCell: 1, rOn: 100e3, rOff: Number.POSITIVE_INFINITY },
  noise: {
    writeSigma: 0,
    writeDistribution: "gaussian",
    clipToRange: false,
    readSigma: 0,
    stuckAtGminRate: 0,
    stuckAtGmaxRate: 0,
    wireResistance: 0,
  },
  io: { ...fefet.io },
  mapping: { ...fefet.mapping },
});

const presets: ReadonlyMap<string, CrossbarSettings> = new Map([
  ["fefet", fefet],
  ["sram", sram],
]);

/** The preset of that name; an unknown name throws and lists the known ones. */
export function getPreset(name: string): CrossbarSettings {
  const p = presets.get(name);
  if (p === undefined) {
    throw new XbarConfigError("preset", `unknown preset "${name}"; known: ${[...presets.keys()].join(", ")}.`);
  }
  return p;
}

/** Names of the built-in presets. */
export function listPresets(): string[] {
  return [...presets.keys()];
}
