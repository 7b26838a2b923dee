import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { indexTensor, noGrad, tensor } from "@trex/tensor";
import onnxProto from "onnx-proto";
import { describe, expect, it } from "vitest";
import type { NamedTensorLike } from "../index.js";
import { modelFromConfig } from "../index.js";
import { maxAbsDiff } from "./helpers.js";

// The seeded PyTorch models of tooling/reference-models (timm DeiT, DeiT-distilled, TokenLabeling LV-ViT,
// HF BERT): weights from the unfolded ONNX export, whose initializers keep the state_dict names and
// layouts (the JSON records each one's origin), inputs and PyTorch's logits from the JSON. Our forward
// must reproduce PyTorch's logits.
const { onnx } = onnxProto;
const OUT = fileURLToPath(new URL("../../../../tooling/reference-models/out/", import.meta.url));

interface RefJson {
  config: Record<string, number | boolean | string>;
  inputs: Record<string, { shape: number[]; data: number[] }>;
  outputs: { logits: { shape: number[]; data: number[] } };
  exports: { unfolded: { file: string; initializers: { name: string; origin?: { state_dict: string; transform: string; batch_norm?: string; part?: string } }[] } };
}

function floats(t: { rawData?: Uint8Array | null; floatData?: number[] | null; dims?: (number | { toNumber(): number })[] | null }): Float32Array {
  if (t.rawData?.length) {
    // Copy into a fresh, aligned buffer (Node's Buffer may be an unaligned view into a pool).
    const copy = new Uint8Array(t.rawData);
    return new Float32Array(copy.buffer, 0, copy.length / 4);
  }
  return Float32Array.from(t.floatData ?? []);
}

function load(name: string): { ref: RefJson; named: Map<string, NamedTensorLike> } {
  const ref = JSON.parse(readFileSync(`${OUT}${name}.json`, "utf8")) as RefJson;
  const model = onnx.ModelProto.decode(readFileSync(`${OUT}${ref.exports.unfolded.file}`));
  const inits = new Map(model.graph!.initializer!.map((t) => [t.name!, t]));
  const named = new Map<string, NamedTensorLike>();
  for (const i of ref.exports.unfolded.initializers) {
    const o = i.origin;
    const t = inits.get(i.name);
    if (!o || !t) continue;
    const shape = (t.dims ?? []).map(Number);
    const data = floats(t);
    if (o.transform === "identity") named.set(o.state_dict, { data, shape });
    else if (o.transform === "bn_fold") {
      // The export folded BN into the conv: load the folded conv and make the BN an identity
      // (gain 1, mean 0, var + eps = 1 exactly in float32).
      if (o.part === "weight") named.set(o.state_dict, { data, shape });
      else {
        const c = shape[0];
        const bn = o.batch_norm!;
        named.set(`${bn}.bias`, { data, shape });
        named.set(`${bn}.weight`, { data: new Float32Array(c).fill(1), shape: [c] });
        named.set(`${bn}.running_mean`, { data: new Float32Array(c), shape: [c] });
        named.set(`${bn}.running_var`, { data: new Float32Array(c).fill(Math.fround(1 - 1e-5)), shape: [c] });
      }
    } else throw new Error(`unexpected transform ${o.transform} for ${i.name}`);
  }
  return { ref, named };
}

const tol = (expected: number[]) => 1e-4 * Math.max(1, ...expected.map(Math.abs));

describe("forward against PyTorch reference logits", () => {
  it.each([
    ["deit", false],
    ["deit-distilled", true],
  ] as const)("%s", (file, distilled) => {
    const { ref, named } = load(file);
    const c = ref.config;
    const m = modelFromConfig({
      family: "vit",
      name: file,
      imageSize: c.image_size as number,
      patchSize: c.patch_size as number,
      inChannels: c.in_chans as number,
      numClasses: c.num_classes as number,
      dim: c.embed_dim as number,
      depth: c.depth as number,
      heads: c.num_heads as number,
      mlpRatio: c.mlp_ratio as number,
      qkvBias: c.qkv_bias as boolean,
      eps: c.layer_norm_eps as number,
      distilled,
      seed: 0,
    });
    const report = m.loadNamed(named);
    expect(report.missing).toEqual([]);
    const px = ref.inputs.pixel_values;
    const out = noGrad(() => m.forward(tensor(px.data, px.shape)));
    expect(out.logits.shape).toEqual(ref.outputs.logits.shape);
    expect(maxAbsDiff(out.logits.data, ref.outputs.logits.data)).toBeLessThan(tol(ref.outputs.logits.data));
  });

  it("lvvit", () => {
    const { ref, named } = load("lvvit");
    const c = ref.config;
    const m = modelFromConfig({
      family: "lvvit",
      name: "lvvit",
      imageSize: c.image_size as number,
      patchSize: c.patch_size as number,
      inChannels: c.in_chans as number,
      numClasses: c.num_classes as number,
      dim: c.embed_dim as number,
      depth: c.depth as number,
      heads: c.num_heads as number,
      mlpRatio: c.mlp_ratio as number,
      qkvBias: c.qkv_bias as boolean,
      eps: c.layer_norm_eps as number,
      skipLam: c.skip_lam as number,
      stemChannels: c.stem_channels as number,
      auxWeight: c.aux_head_weight as number,
      seed: 0,
    });
    m.loadNamed(named);
    const px = ref.inputs.pixel_values;
    const out = noGrad(() => m.forward(tensor(px.data, px.shape)));
    expect(maxAbsDiff(out.logits.data, ref.outputs.logits.data)).toBeLessThan(tol(ref.outputs.logits.data));
  });

  it("bert (with padding mask)", () => {
    const { ref, named } = load("bert");
    const c = ref.config;
    const m = modelFromConfig({
      family: "bert",
      name: "bert",
      vocabSize: c.vocab_size as number,
      hidden: c.hidden_size as number,
      layers: c.num_hidden_layers as number,
      heads: c.num_attention_heads as number,
      intermediate: c.intermediate_size as number,
      maxPositions: c.max_position_embeddings as number,
      typeVocabSize: c.type_vocab_size as number,
      eps: c.layer_norm_eps as number,
      numClasses: c.num_labels as number,
      sequenceLength: c.sequence_length as number,
      padTokenId: 0,
      seed: 0,
    });
    m.loadNamed(named);
    const ix = (k: string) => indexTensor(ref.inputs[k].data, ref.inputs[k].shape);
    const mask = ref.inputs.attention_mask.data;
    expect(mask).toContain(0);
    const out = noGrad(() => m.forward({ inputIds: ix("input_ids"), attentionMask: ix("attention_mask"), tokenTypeIds: ix("token_type_ids") }));
    expect(maxAbsDiff(out.logits.data, ref.outputs.logits.data)).toBeLessThan(tol(ref.outputs.logits.data));
  });
});
