// Hardware presets are data: a typed, validated, documented record with units in the field names.
// Built-in presets live as JSON in packages/hw/presets/ (shipped); users can load their own file.
import { HwPresetError } from "./errors.js";
import { type WriteSequencing, writeSequencings } from "./write-schedule.js";

/** Per-crossbar constants of one memory technology (one 64×64 crossbar, including its periphery). */
export interface DeviceParams {
  /** Bits one cell stores; an 8-bit weight needs ceil(8 / bitsPerCell) column slices. */
  bitsPerCell: number;
  /** Energy of one crossbar read of one input vector at 8 input bits (bit-serial), pJ. */
  readEnergy_pJ: number;
  /** Energy of writing one crossbar row, pJ. */
  writeEnergy_pJ: number;
  /** Time of one crossbar read of one input vector at 8 input bits, µs. */
  readDelay_us: number;
  /** Time of writing one row, µs (writes are row by row). */
  writeDelay_us: number;
  /** Area of one crossbar with its periphery, mm². */
  area_mm2: number;
}

export interface HwPreset {
  id: string;
  description: string;
  technology_nm: number;
  precision: {
    weightBits: number;
    inputBits: number;
    adcBits: number;
  };
  array: {
    rows: number;
    cols: number;
    crossbarsPerPE: number;
    pesPerTile: number;
  };
  devices: Record<string, DeviceParams>;
  /** Which device holds static weights and which the run-time operands (Kᵀ, V). */
  mapping: { static: string; dynamic: string };
  /**
   * How a crossbar read's energy, delay and area divide between the array, the input drivers (DAC),
   * the ADCs and the shift-add (fractions summing to 1); the ADC part scales as 2^(adcBits − adcBitsReference).
   */
  readSplit: { array: number; dac: number; adc: number; shiftAdd: number; adcBitsReference: number };
  /**
   * How the run-time operands (Kᵀ, V) are written against the computation (write-schedule.ts):
   * "overlap" (all written from the start of the attention products, each product waits only for its
   * own operand), "phase" (all written before any product runs) or "serial" (each just before its product).
   * `contention` ∈ [0, 1]: how much concurrently written operands slow each other because they share the
   * tile's write drivers / input-buffer write port — while k operands are written each row takes
   * (1 + contention·(k − 1)) write delays. 0: a write port per operand (Kᵀ hides wholly under V);
   * 1: one shared port, rows interleaved (Kᵀ and V take as long as written back to back). Dimensionless;
   * calibrated so DeiT-S's writes are ~80 % of its delay (CALIBRATION.md §3).
   */
  writes: { sequencing: WriteSequencing; contention: number };
  /** Digital units: softmax (one per head, one element per cycle), LayerNorm and element-wise (lanes wide), buffers. */
  digital: {
    cycle_ns: number;
    opEnergy_pJ: number;
    bufferEnergyPerByte_pJ: number;
    lanes: number;
    softmaxCyclesPerElement: number;
    layerNormCyclesPerElement: number;
    elementwiseCyclesPerElement: number;
    bufferBytesPerCycle: number;
  };
  area: {
    tilePeriphery_mm2: number;
    softmaxUnit_mm2: number;
    layerNormUnit_mm2: number;
    globalBuffer_mm2: number;
  };
  /** Op counting for TOPS/W and TOPS/mm² (the paper's numbers imply 1 op per MAC, encoders only). */
  metrics: { opsPerMac: number; countEmbedAndHead: boolean };
  /** Source of every numeric constant, keyed by its dotted path (e.g. "devices.fefet.readEnergy_pJ"). */
  sources: Record<string, string>;
}

const deviceFields = ["bitsPerCell", "readEnergy_pJ", "writeEnergy_pJ", "readDelay_us", "writeDelay_us", "area_mm2"] as const;

type Shape = Record<string, "posint" | "pos" | "frac" | "nonneg" | "bool" | string[]>;
const sections: Record<string, Shape> = {
  precision: { weightBits: "posint", inputBits: "posint", adcBits: "posint" },
  array: { rows: "posint", cols: "posint", crossbarsPerPE: "posint", pesPerTile: "posint" },
  readSplit: { array: "frac", dac: "frac", adc: "frac", shiftAdd: "frac", adcBitsReference: "posint" },
  writes: { sequencing: [...writeSequencings], contention: "frac" },
  digital: {
    cycle_ns: "nonneg",
    opEnergy_pJ: "nonneg",
    bufferEnergyPerByte_pJ: "nonneg",
    lanes: "posint",
    softmaxCyclesPerElement: "nonneg",
    layerNormCyclesPerElement: "nonneg",
    elementwiseCyclesPerElement: "nonneg",
    bufferBytesPerCycle: "pos",
  },
  area: { tilePeriphery_mm2: "nonneg", softmaxUnit_mm2: "nonneg", layerNormUnit_mm2: "nonneg", globalBuffer_mm2: "nonneg" },
  metrics: { opsPerMac: "pos", countEmbedAndHead: "bool" },
};

function fail(where: string, path: string, what: string): never {
  throw new HwPresetError(`${where}: ${path} ${what}`);
}

function checkValue(v: unknown, kind: Shape[string], path: string, where: string): void {
  if (Array.isArray(kind)) {
    if (!kind.includes(v as string)) fail(where, path, `must be one of ${kind.map((k) => `"${k}"`).join(", ")}, got ${JSON.stringify(v)}`);
    return;
  }
  if (kind === "bool") {
    if (typeof v !== "boolean") fail(where, path, `must be true or false, got ${JSON.stringify(v)}`);
    return;
  }
  if (typeof v !== "number" || !Number.isFinite(v)) fail(where, path, `must be a finite number, got ${JSON.stringify(v)}`);
  if (kind === "posint" && (!Number.isInteger(v) || v < 1)) fail(where, path, `must be a positive integer, got ${v}`);
  if (kind === "pos" && v <= 0) fail(where, path, `must be > 0, got ${v}`);
  if (kind === "nonneg" && v < 0) fail(where, path, `must be ≥ 0, got ${v}`);
  if (kind === "frac" && (v < 0 || v > 1)) fail(where, path, `must be a fraction in [0, 1], got ${v}`);
}

/**
 * Validates a parsed preset object and returns it typed. Every field is checked for type and range, and
 * every numeric constant must have a `sources` entry; errors name the field and the fix.
 * @param where names the origin in messages (a file path or "preset").
 */
export function validatePreset(value: unknown, where = "preset"): HwPreset {
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail(where, "(root)", "must be a JSON object");
  const p = value as Record<string, unknown>;
  for (const k of ["id", "description"]) if (typeof p[k] !== "string" || p[k] === "") fail(where, k, "must be a non-empty string");
  checkValue(p.technology_nm, "pos", "technology_nm", where);
  const sources = p.sources;
  if (sources === null || typeof sources !== "object" || Array.isArray(sources)) fail(where, "sources", "must be an object mapping each constant's dotted path to its source");
  const src = sources as Record<string, unknown>;
  const needSource = (path: string) => {
    if (typeof src[path] !== "string" || src[path] === "") fail(where, `sources["${path}"]`, "is missing: cite where this constant comes from (paper, calibration, or a stated assumption)");
  };
  needSource("technology_nm");
  const known = new Set(["id", "description", "technology_nm", "devices", "mapping", "sources", "$schema", ...Object.keys(sections)]);
  for (const k of Object.keys(p)) if (!known.has(k)) fail(where, k, `is not a preset field; known fields: ${[...known].join(", ")}`);
  for (const [name, shape] of Object.entries(sections)) {
    const sec = p[name];
    if (sec === null || typeof sec !== "object") fail(where, name, `must be an object with ${Object.keys(shape).join(", ")}`);
    const s = sec as Record<string, unknown>;
    for (const k of Object.keys(s)) if (!(k in shape)) fail(where, `${name}.${k}`, `is not a field of ${name}; known: ${Object.keys(shape).join(", ")}`);
    for (const [k, kind] of Object.entries(shape)) {
      checkValue(s[k], kind, `${name}.${k}`, where);
      if (kind !== "bool" && !Array.isArray(kind)) needSource(`${name}.${k}`);
    }
  }
  const split = p.readSplit as HwPreset["readSplit"];
  const sum = split.array + split.dac + split.adc + split.shiftAdd;
  if (Math.abs(sum - 1) > 1e-9) fail(where, "readSplit", `fractions array + dac + adc + shiftAdd must sum to 1, got ${sum}`);
  const devices = p.devices;
  if (devices === null || typeof devices !== "object" || Object.keys(devices).length === 0) fail(where, "devices", "must map device names to their constants");
  for (const [name, d] of Object.entries(devices as Record<string, unknown>)) {
    if (d === null || typeof d !== "object") fail(where, `devices.${name}`, `must be an object with ${deviceFields.join(", ")}`);
    const dev = d as Record<string, unknown>;
    for (const k of Object.keys(dev)) if (!(deviceFields as readonly string[]).includes(k)) fail(where, `devices.${name}.${k}`, `is not a device field; known: ${deviceFields.join(", ")}`);
    for (const k of deviceFields) {
      checkValue(dev[k], k === "bitsPerCell" ? "posint" : "pos", `devices.${name}.${k}`, where);
      needSource(`devices.${name}.${k}`);
    }
  }
  const mapping = p.mapping as Record<string, unknown> | null;
  if (mapping === null || typeof mapping !== "object") fail(where, "mapping", "must be { static: <device>, dynamic: <device> }");
  for (const k of ["static", "dynamic"]) {
    const dev = mapping[k];
    if (typeof dev !== "string" || !(dev in (devices as object))) {
      fail(where, `mapping.${k}`, `must name a device in devices (${Object.keys(devices as object).join(", ")}), got ${JSON.stringify(dev)}`);
    }
  }
  return value as HwPreset;
}

/** Parses and validates a preset from JSON text. */
export function parsePreset(text: string, where = "preset"): HwPreset {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HwPresetError(`${where}: not valid JSON (${(e as Error).message}); fix the syntax`);
  }
  return validatePreset(value, where);
}

/** Reads, parses and validates a preset JSON file (Node only; the import is deferred so browsers can use the rest). */
export async function loadPresetFile(path: string): Promise<HwPreset> {
  const { readFile } = await import("node:fs/promises");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new HwPresetError(`${path}: cannot read preset file (${(e as Error).message}); check the path`);
  }
  return parsePreset(text, path);
}
