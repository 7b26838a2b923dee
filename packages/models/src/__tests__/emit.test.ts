import type { OnnxAttribute, OnnxGraph, OnnxNode, OnnxValue } from "@trex/test-utils";
import { runOnnxGraph } from "@trex/test-utils";
import type { Tensor } from "@trex/tensor";
import { indexTensor, noGrad } from "@trex/tensor";
import { describe, expect, it } from "vitest";
import type { GraphAttribute, GraphDim, GraphDtype, GraphEmitter, ModelInputs, TransformerModel } from "../index.js";
import { LinearAdapter } from "../index.js";
import { KeepFirst } from "./keep-first-hook.js";
import { images, maxAbsDiff, randomize, tinyBert, tinyLvvit, tinyVit } from "./helpers.js";

// The emitted graphs run in onnxruntime-node (an independent runtime) and must give the forward's logits.

/** A GraphEmitter that collects a test-utils OnnxGraph; graph inputs are fed from `feeds`. */
class CollectingEmitter implements GraphEmitter {
  nodes: OnnxNode[] = [];
  inits: Record<string, OnnxValue> = {};
  inputs: Record<string, OnnxValue> = {};
  outputs: string[] = [];
  initializerNames: string[] = [];
  private n = 0;
  constructor(private readonly feeds: Record<string, OnnxValue>) {}
  private fresh(h: string): string {
    return `${h}_${this.n++}`;
  }
  input(name: string, dtype: GraphDtype, shape: readonly GraphDim[]): string {
    void dtype;
    void shape;
    this.inputs[name] = this.feeds[name];
    return name;
  }
  initializer(name: string, t: Tensor): string {
    if (this.inits[name]) throw new Error(`initializer ${name} emitted twice`);
    this.initializerNames.push(name);
    this.inits[name] = { data: t.data, shape: t.shape };
    return name;
  }
  constant(hint: string, dtype: GraphDtype, shape: readonly number[], values: ArrayLike<number>): string {
    const name = this.fresh(hint);
    this.inits[name] = { data: dtype === "int64" ? Int32Array.from(values) : Float32Array.from(values), shape };
    return name;
  }
  op(type: string, inputs: readonly string[], attributes?: Readonly<Record<string, GraphAttribute>>, options?: { outputs?: number }): string[] {
    const outs = Array.from({ length: options?.outputs ?? 1 }, () => this.fresh(type));
    this.nodes.push({ opType: type, inputs, outputs: outs, attributes: attributes as Record<string, OnnxAttribute> });
    return outs;
  }
  output(name: string, value: string): void {
    this.nodes.push({ opType: "Identity", inputs: [value], outputs: [name] });
    this.outputs.push(name);
  }
  graph(): OnnxGraph {
    return { nodes: this.nodes, inputs: this.inputs, initializers: this.inits, outputs: this.outputs, opset: 17 };
  }
}

async function compare(m: TransformerModel, inputs: ModelInputs, feeds: Record<string, OnnxValue>) {
  const g = new CollectingEmitter(feeds);
  const outs = m.emit(g);
  expect(Object.keys(outs)).toEqual(["logits"]);
  const ort = await runOnnxGraph(g.graph());
  const ours = noGrad(() => m.forward(inputs, { train: false })).logits;
  expect(ort.logits.shape).toEqual([...ours.shape]);
  const diff = maxAbsDiff(ort.logits.data as Float32Array, ours.data);
  return { diff, g };
}

describe("graph emission runs in onnxruntime", () => {
  it("DeiT-distilled with reuse, a weight group, an adapter and a token hook", async () => {
    const m = tinyVit({ distilled: true, imageSize: 12 });
    m.setAttentionReuse(2).setAttentionReuse(3, { chain: "previous" }).shareWeights([0, 1]).setBlockTransform(1, "mlp", new LinearAdapter(8)).setTokenHook(3, new KeepFirst(5));
    randomize(m, 1);
    const x = images(2, 2, 12, 2);
    const { diff, g } = await compare(m, x, { pixel_values: { data: x.data, shape: x.shape } });
    expect(diff).toBeLessThan(1e-4);
    // Shared weights are stored once, under the first block's names; reusing blocks have no Q/K/V.
    expect(g.initializerNames).toContain("blocks.0.attn.qkv.weight");
    expect(g.initializerNames).not.toContain("blocks.1.attn.qkv.weight");
    expect(g.initializerNames).not.toContain("blocks.2.attn.qkv.weight");
    expect(g.initializerNames).toContain("blocks.3.attn_tb.fc.weight");
    expect(g.nodes.filter((n) => n.opType === "Softmax").length).toBe(2);
  });

  it("LV-ViT (BatchNormalization in inference form, aux head max)", async () => {
    const m = tinyLvvit();
    randomize(m, 3);
    for (const bn of m.patchEmbed.bns) bn.runningVar.data.fill(1.5);
    const x = images(2, 2, 8, 4);
    const { diff } = await compare(m, x, { pixel_values: { data: x.data, shape: x.shape } });
    expect(diff).toBeLessThan(1e-4);
  });

  it("BERT with a padding mask", async () => {
    const m = tinyBert();
    m.setAttentionReuse(2);
    randomize(m, 5);
    const ids = [3, 5, 7, 9, 0, 0, 2, 4, 6, 8, 10, 12];
    const mask = [1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1];
    const types = [0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1];
    const inputs = { inputIds: indexTensor(ids, [2, 6]), attentionMask: indexTensor(mask, [2, 6]), tokenTypeIds: indexTensor(types, [2, 6]) };
    const v = (d: number[]) => ({ data: Int32Array.from(d), shape: [2, 6] });
    const { diff } = await compare(m, inputs, { input_ids: v(ids), attention_mask: v(mask), token_type_ids: v(types) });
    expect(diff).toBeLessThan(1e-4);
  });
});
