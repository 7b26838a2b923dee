import type { TransformLayerSpec, TransformerSpec } from "@trex/hw";
import { ReuseParamError } from "./errors.js";
import { type TrexParams, reuseIndices } from "./params.js";

/** The Transformation Block's layers as the hardware model costs them: LayerNorm → Linear d×d (bias) → GELU. */
export function transformBlockLayers(dim: number): TransformLayerSpec[] {
  return [
    { kind: "layernorm", dim },
    { kind: "linear", in: dim, out: dim, bias: true },
    { kind: "gelu" },
  ];
}

/**
 * The block each 0-based reusing block reads: "nearest-computed" → the nearest earlier block that computes
 * its attention; "previous" → block i − 1 (whose output may itself be a TB output).
 */
export function reuseSources(reusing: readonly number[], chain: TrexParams["chain"]): Map<number, number> {
  const set = new Set(reusing);
  const out = new Map<number, number>();
  for (const i of reusing) {
    let src = i - 1;
    // Block 0 never reuses (reuseIndices refuses encoder 1), so the walk always ends on a computing block.
    if (chain === "nearest-computed") while (set.has(src)) src--;
    out.set(i, src);
  }
  return out;
}

/**
 * TReX's structural effect on a weightless spec: each listed encoder's attention becomes
 * `{ kind: "reuse", source, transform: { layers: [layernorm, linear d×d, gelu] } }`; nothing else changes.
 * A spec that already reuses attention somewhere is refused (apply TReX once, with the full list).
 */
export function trexTransformSpec(spec: TransformerSpec, params: TrexParams): TransformerSpec {
  const reusing = reuseIndices(params.reuse, spec.blocks.length);
  const already = spec.blocks.findIndex((b) => b.attention.kind === "reuse");
  if (already >= 0) {
    throw new ReuseParamError(`encoder ${already + 1} of ${spec.name} already reuses attention; apply trex once, listing every reusing encoder in one reuse=...`);
  }
  const sources = reuseSources(reusing, params.chain);
  const out = structuredClone(spec);
  for (const [i, source] of sources) {
    out.blocks[i].attention = { kind: "reuse", source, transform: { layers: transformBlockLayers(out.blocks[i].dim) } };
  }
  return out;
}
