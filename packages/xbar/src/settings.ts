/**
 * Crossbar settings: immutable, documented parameter objects grouped by concern (the aihwkit habit).
 * Every field states its physical meaning and unit; `validateSettings` checks them and freezes a copy.
 * Presets (`presets.ts`) are values of this type.
 */

/** The memory device in each crossbar cell. */
export interface DeviceSettings {
  /** Bits stored per cell (levels = 2^bitsPerCell, evenly spaced in conductance). FeFET 2, SRAM 1. */
  readonly bitsPerCell: number;
  /** On-state (lowest) resistance, Ω: the highest conductance Gmax = 1/rOn. */
  readonly rOn: number;
  /**
   * Off-state resistance, Ω: the lowest conductance Gmin = 1/rOff. `Infinity` for a cell with no
   * off-state leak (SRAM). Only the ratio rOff/rOn enters the read-out (currents are scaled to levels).
   */
  readonly rOff: number;
}

/** Shape of a relative variation draw; each has mean 1 and relative standard deviation `sigma`. */
export type VariationDistribution = "gaussian" | "lognormal" | "uniform";

/** Non-idealities: device-to-device (write), cycle-to-cycle (read), stuck-at faults, IR drop. */
export interface NoiseSettings {
  /**
   * Programming (write) variation, drawn once per cell when a matrix is programmed: G = Gtarget·f with
   * E[f] = 1 and std(f) = sigma (relative, e.g. 0.2 = 20 %). FeFET 0.2, SRAM 0.
   */
  readonly writeSigma: number;
  /** Distribution of the write factor f (the paper does not say; default gaussian). */
  readonly writeDistribution: VariationDistribution;
  /**
   * Clamp programmed conductances into [Gmin, Gmax] (physical range). Off by default: clamping makes the
   * error biased at the extreme levels, and the paper's variation model is not bounded.
   */
  readonly clipToRange: boolean;
  /**
   * Cycle-to-cycle read variation: every read of a cell sees G·(1 + sigma·ε), ε ~ N(0, 1) independent per
   * cell and read (relative; FeFET 0.1, SRAM 0). Drawn per column read with the exact aggregate variance.
   */
  readonly readSigma: number;
  /** Probability (0..1) that a cell is stuck at Gmin, drawn at programming. */
  readonly stuckAtGminRate: number;
  /** Probability (0..1) that a cell is stuck at Gmax, drawn at programming. */
  readonly stuckAtGmaxRate: number;
  /**
   * First-order IR drop: wire resistance per cell segment, Ω (0 = off). A cell at row i, column j of a
   * crossbar sees the series resistance Rs = r·((j + 1) + (tileRows − i)) (driver at the row's left end, ADC
   * at the column's foot) and conducts G/(1 + G·Rs). Input-independent: neighbouring currents are ignored.
   */
  readonly wireResistance: number;
}

/** ADC range policy (the paper gives only the ADC's bit count). */
export type AdcRange =
  /** Full scale = the largest possible column sum (tileRows × max DAC level × max cell level): never clips. */
  | { readonly kind: "max" }
  /** Full scale given in level units (a column sum of cell levels × DAC levels). */
  | { readonly kind: "fixed"; readonly fullScale: number }
  /**
   * Full scale = the given quantile (0..1] of the ideal column sums seen in data: set on the first read
   * of a programmed static matrix and then kept; for dynamic operands, set on every product.
   */
  | { readonly kind: "calibrated"; readonly quantile: number };

/** How signed inputs are applied bit-serially (the paper does not say). */
export type SignedInputs =
  /** Two's complement: magnitude bits in DAC steps, then the sign bit as its own step with weight −2^(a−1). */
  | "twos-complement"
  /** Sign-magnitude: positive and negative parts applied as two unsigned passes, subtracted digitally. */
  | "split";

/** Digital-analog boundary: input quantisation, DAC, ADC. */
export interface ConverterSettings {
  /** Input (activation) bits a, signed range ±(2^(a−1) − 1) or unsigned 0..2^a − 1. Paper: 8. */
  readonly inputBits: number;
  /** Input bits applied per read cycle (DAC resolution). Paper: 1 (bit-serial). */
  readonly dacBits: number;
  /** ADC resolution, bits (codes 0..2^b − 1, one conversion per column per step). Paper: 6. */
  readonly adcBits: number;
  /** ADC full-scale policy. */
  readonly adcRange: AdcRange;
  /** Signed-input scheme. */
  readonly signedInputs: SignedInputs;
  /**
   * Rows whose inputs are all ≥ 0 (e.g. softmax outputs) are quantised unsigned over 0..2^a − 1, which
   * gains one bit. The input scale is per row (token): max|x_row| / (2^(a−1) − 1), or max/(2^a − 1).
   */
  readonly unsignedWhenNonNegative: boolean;
}

/** How a weight matrix is laid onto crossbars. */
export interface MappingSettings {
  /** Crossbar rows (inputs per tile), 1..64. Paper: 64. */
  readonly tileRows: number;
  /** Crossbar columns, ≥ 1 (enters the IR-drop positions and the crossbar count). Paper: 64. */
  readonly tileCols: number;
  /** Weight bits w: symmetric integers ±(2^(w−1) − 1). Paper: 8. */
  readonly weightBits: number;
  /** Weight scale granularity: one scale per tensor, or one per output channel (crossbar column). */
  readonly weightScale: "per-tensor" | "per-channel";
  /**
   * Signed weights: "differential" = two columns per weight (q⁺ and q⁻, w − 1 bits each, subtracted
   * digitally); "offset" = one column holding q + 2^(w−1) (w bits), the offset term 2^(w−1)·Σx removed
   * digitally from the quantised inputs.
   */
  readonly signedWeights: "differential" | "offset";
}

/** One crossbar design: device, noise, converters and mapping. */
export interface CrossbarSettings {
  /** Preset or design name, for ids and reports. */
  readonly name: string;
  readonly device: DeviceSettings;
  readonly noise: NoiseSettings;
  readonly io: ConverterSettings;
  readonly mapping: MappingSettings;
}

/** Partial overrides of a design, one level deep per group. */
export interface CrossbarOverrides {
  readonly name?: string;
  readonly device?: Partial<DeviceSettings>;
  readonly noise?: Partial<NoiseSettings>;
  readonly io?: Partial<ConverterSettings>;
  readonly mapping?: Partial<MappingSettings>;
}
