export type {
  AdcRange,
  ConverterSettings,
  CrossbarOverrides,
  CrossbarSettings,
  DeviceSettings,
  MappingSettings,
  NoiseSettings,
  SignedInputs,
  VariationDistribution,
} from "./settings.js";
export { validateSettings, withOverrides } from "./validate.js";
export { fefet, getPreset, listPresets, sram } from "./presets.js";
export { XbarConfigError, XbarError, XbarShapeError } from "./errors.js";
export { COLUMN_BLOCK, KERNEL_TILE_ROWS, type ProgrammedMatrix, programWeights, roundHalfAway } from "./program.js";
export { type EncodedInputs, encodeInputs } from "./encode-inputs.js";
export { ReadStream } from "./read-stream.js";
export { type ReadState, adcStep, crossbarLinear, maxColumnSum } from "./crossbar-linear.js";
export { type CrossbarEngineOptions, CrossbarEngine, createCrossbarEngine } from "./crossbar-engine.js";
export { GAUSS_TABLE_SIZE, gaussianQuantileTable, normalQuantile } from "./gaussian-table.js";
export { Rng } from "./rng.js";
export { initXbar, xbarWasmSize } from "./xbar-wasm.js";
