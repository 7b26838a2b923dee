import { XbarConfigError } from "./errors.js";
import type { CrossbarOverrides, CrossbarSettings } from "./settings.js";

function int(setting: string, v: unknown, lo: number, hi: number, fix: string): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
    throw new XbarConfigError(setting, `must be an integer in [${lo}, ${hi}], got ${String(v)}; ${fix}.`);
  }
}

function real(setting: string, v: unknown, lo: number, hi: number, fix: string): void {
  if (typeof v !== "number" || Number.isNaN(v) || v < lo || v > hi) {
    throw new XbarConfigError(setting, `must be a number in [${lo}, ${hi}], got ${String(v)}; ${fix}.`);
  }
}

function oneOf(setting: string, v: unknown, allowed: readonly string[]): void {
  if (typeof v !== "string" || !allowed.includes(v)) {
    throw new XbarConfigError(setting, `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${String(v)}.`);
  }
}

/** Checks every field of a design and returns a deep-frozen copy. Throws XbarConfigError naming the field. */
export function validateSettings(s: CrossbarSettings): CrossbarSettings {
  if (typeof s?.name !== "string" || s.name.length === 0) {
    throw new XbarConfigError("name", "must be a non-empty string naming the design, e.g. \"fefet\".");
  }
  const { device: d, noise: n, io, mapping: m } = s;
  for (const [g, v] of [["device", d], ["noise", n], ["io", io], ["mapping", m]] as const) {
    if (typeof v !== "object" || v === null) throw new XbarConfigError(g, "missing settings group; start from a preset.");
  }
  int("device.bitsPerCell", d.bitsPerCell, 1, 8, "use 1 (SRAM) to 8 bits per cell");
  real("device.rOn", d.rOn, Number.MIN_VALUE, Number.MAX_VALUE, "give the on-resistance in ohms, e.g. 1e5");
  if (typeof d.rOff !== "number" || !(d.rOff > d.rOn)) {
    throw new XbarConfigError(
      "device.rOff",
      `must exceed device.rOn (${d.rOn} Ω), got ${String(d.rOff)}; Ron ≥ Roff leaves no conductance window (use Infinity for no leak).`,
    );
  }
  real("noise.writeSigma", n.writeSigma, 0, 10, "give a relative standard deviation, e.g. 0.2 for 20 %");
  oneOf("noise.writeDistribution", n.writeDistribution, ["gaussian", "lognormal", "uniform"]);
  if (typeof n.clipToRange !== "boolean") throw new XbarConfigError("noise.clipToRange", "must be true or false.");
  real("noise.readSigma", n.readSigma, 0, 10, "give a relative standard deviation, e.g. 0.1 for 10 %");
  real("noise.stuckAtGminRate", n.stuckAtGminRate, 0, 1, "give a probability");
  real("noise.stuckAtGmaxRate", n.stuckAtGmaxRate, 0, 1, "give a probability");
  if (n.stuckAtGminRate + n.stuckAtGmaxRate > 1) {
    throw new XbarConfigError("noise.stuckAtGminRate", "plus noise.stuckAtGmaxRate must not exceed 1.");
  }
  real("noise.wireResistance", n.wireResistance, 0, Number.MAX_VALUE, "give ohms per cell segment (0 = no IR drop)");
  int("io.inputBits", io.inputBits, 2, 16, "use 2 to 16 input bits");
  int("io.dacBits", io.dacBits, 1, 4, "use 1 (bit-serial) to 4 bits per step");
  if (io.dacBits > io.inputBits - 1) {
    throw new XbarConfigError("io.dacBits", `must be below io.inputBits (${io.inputBits}); the sign bit takes its own step.`);
  }
  int("io.adcBits", io.adcBits, 1, 24, "use 1 to 24 ADC bits (0 bits cannot represent a current)");
  const r = io.adcRange;
  if (r?.kind === "fixed") {
    real("io.adcRange.fullScale", r.fullScale, Number.MIN_VALUE, Number.MAX_VALUE, "give a positive full scale in level units");
  } else if (r?.kind === "calibrated") {
    if (typeof r.quantile !== "number" || !(r.quantile > 0 && r.quantile <= 1)) {
      throw new XbarConfigError("io.adcRange.quantile", `must be in (0, 1], got ${String(r.quantile)}; e.g. 0.999.`);
    }
  } else if (r?.kind !== "max") {
    throw new XbarConfigError("io.adcRange", 'must be {kind:"max"}, {kind:"fixed", fullScale} or {kind:"calibrated", quantile}.');
  }
  oneOf("io.signedInputs", io.signedInputs, ["twos-complement", "split"]);
  if (typeof io.unsignedWhenNonNegative !== "boolean") {
    throw new XbarConfigError("io.unsignedWhenNonNegative", "must be true or false.");
  }
  int("mapping.tileRows", m.tileRows, 1, 64, "crossbars of up to 64 rows are supported (one 64-bit row mask)");
  int("mapping.tileCols", m.tileCols, 1, 1 << 16, "give the crossbar's column count, e.g. 64");
  int("mapping.weightBits", m.weightBits, 2, 16, "use 2 to 16 weight bits");
  oneOf("mapping.weightScale", m.weightScale, ["per-tensor", "per-channel"]);
  oneOf("mapping.signedWeights", m.signedWeights, ["differential", "offset"]);
  return deepFreeze(structuredClone(s));
}

/** A design with some fields replaced (one level deep per group), validated. */
export function withOverrides(base: CrossbarSettings, o: CrossbarOverrides): CrossbarSettings {
  return validateSettings({
    name: o.name ?? base.name,
    device: { ...base.device, ...o.device },
    noise: { ...base.noise, ...o.noise },
    io: { ...base.io, ...o.io },
    mapping: { ...base.mapping, ...o.mapping },
  });
}

function deepFreeze<T>(o: T): T {
  if (typeof o === "object" && o !== null) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
