// Small hand-checkable presets and specs for the equation tests.
import type { HwPreset } from "../preset.js";
import { validatePreset } from "../preset.js";
import { getPreset } from "../presets.js";
import { patchEmbedding, type TransformerSpec } from "../structure.js";

/** A preset with round numbers: 4×4 crossbars, 2 per PE, 2 PEs per tile, 4-bit weights on 2-bit cells. */
export function toyPreset(overrides: Partial<HwPreset> = {}): HwPreset {
  const base = structuredClone(getPreset("fefet-32nm")) as HwPreset;
  const p: HwPreset = {
    ...base,
    id: "toy",
    precision: { weightBits: 4, inputBits: 8, adcBits: 6 },
    array: { rows: 4, cols: 4, crossbarsPerPE: 2, pesPerTile: 2 },
    devices: {
      dev: { bitsPerCell: 2, readEnergy_pJ: 1, writeEnergy_pJ: 10, readDelay_us: 1, writeDelay_us: 100, area_mm2: 1 },
    },
    mapping: { static: "dev", dynamic: "dev" },
    readSplit: { array: 0.4, dac: 0.1, adc: 0.3, shiftAdd: 0.2, adcBitsReference: 6 },
    writes: { sequencing: "phase", contention: 0 },
    digital: {
      cycle_ns: 1000, // 1 µs per cycle keeps hand sums in µs
      opEnergy_pJ: 2,
      bufferEnergyPerByte_pJ: 3,
      lanes: 4,
      softmaxCyclesPerElement: 3,
      layerNormCyclesPerElement: 4,
      elementwiseCyclesPerElement: 1,
      bufferBytesPerCycle: 2,
    },
    area: { tilePeriphery_mm2: 0.5, softmaxUnit_mm2: 0.25, layerNormUnit_mm2: 0.125, globalBuffer_mm2: 2 },
    metrics: { opsPerMac: 1, countEmbedAndHead: true },
    ...overrides,
  };
  for (const k of Object.keys(p.devices.dev)) p.sources[`devices.dev.${k}`] = "test";
  return validatePreset(p, "toy");
}

/** One-block ViT: 4×4 image, 2×2 patches → 4 patches + cls = 5 tokens, dim 8, 2 heads, MLP 16. */
export function tinySpec(blocks = 1): TransformerSpec {
  const embedding = patchEmbedding(4, 2, 8);
  return {
    family: "vit",
    name: "tiny",
    embedding,
    tokens: 5,
    dim: 8,
    blocks: Array.from({ length: blocks }, () => ({
      dim: 8,
      heads: 2,
      mlpHidden: 16,
      tokensIn: 5,
      tokensOut: 5,
      attention: { kind: "compute" as const, qkvBias: true },
    })),
    finalNorm: true,
    heads: [{ name: "head", in: 8, out: 3, tokens: 1 }],
  };
}
