import { type OnnxResult, randomFloat32, randomInt32, runOnnxGraph, runOnnxNode } from "@trex/test-utils";
import { describe, expect, test } from "vitest";
import {
  type Tensor,
  conv2d,
  gather,
  gelu,
  indexSelect,
  indexTensor,
  layerNorm,
  matmul,
  softmax,
  tensor,
  topk,
} from "../index.js";

// Forward passes against onnxruntime-node running a one-node ONNX graph per op: an independent
// implementation. Tolerance: max |ours − ort| ≤ 1e-5 · max |ort| (relative to the output's scale).

function expectClose(ours: Tensor, ref: OnnxResult, rtol = 1e-5): void {
  expect(ours.shape).toEqual(ref.shape);
  const r = ref.data as Float32Array;
  let maxRef = 0;
  let maxErr = 0;
  for (let i = 0; i < r.length; i++) {
    maxRef = Math.max(maxRef, Math.abs(r[i]));
    maxErr = Math.max(maxErr, Math.abs(ours.data[i] - r[i]));
  }
  expect(maxErr).toBeLessThanOrEqual(rtol * maxRef);
}

const val = (data: Float32Array | Int32Array, shape: number[]) => ({ data, shape });

describe("forward matches onnxruntime", () => {
  test("MatMul with equal and broadcast batch axes", async () => {
    const a = randomFloat32(2 * 3 * 4 * 5, 1);
    const b = randomFloat32(2 * 3 * 5 * 6, 2);
    const c = randomFloat32(5 * 6, 3);
    const ref = await runOnnxGraph({
      nodes: [
        { opType: "MatMul", inputs: ["a", "b"], outputs: ["y"] },
        { opType: "MatMul", inputs: ["a", "c"], outputs: ["z"] },
      ],
      inputs: { a: val(a, [2, 3, 4, 5]), b: val(b, [2, 3, 5, 6]), c: val(c, [5, 6]) },
      outputs: ["y", "z"],
    });
    expectClose(matmul(tensor(a, [2, 3, 4, 5]), tensor(b, [2, 3, 5, 6])), ref.y);
    expectClose(matmul(tensor(a, [2, 3, 4, 5]), tensor(c, [5, 6])), ref.z);
    const d = randomFloat32(3 * 5 * 6, 4);
    const ref2 = await runOnnxNode("MatMul", { a: val(a, [2, 3, 4, 5]), d: val(d, [3, 5, 6]) }, ["y"]);
    expectClose(matmul(tensor(a, [2, 3, 4, 5]), tensor(d, [3, 5, 6])), ref2.y);
  });

  test.each([-1, 1])("Softmax along axis %i", async (axis) => {
    const x = randomFloat32(2 * 5 * 7, 5, -4, 4);
    const ref = await runOnnxNode("Softmax", { x: val(x, [2, 5, 7]) }, ["y"], { axis: { i: axis } });
    expectClose(softmax(tensor(x, [2, 5, 7]), axis), ref.y);
  });

  test("LayerNormalization over the last axis", async () => {
    const x = randomFloat32(3 * 4 * 16, 6, -3, 5);
    const g = randomFloat32(16, 7);
    const b = randomFloat32(16, 8);
    const ref = await runOnnxNode("LayerNormalization", { x: val(x, [3, 4, 16]), g: val(g, [16]), b: val(b, [16]) }, ["y"], {
      axis: { i: -1 },
      epsilon: { f: 1e-5 },
    });
    expectClose(layerNorm(tensor(x, [3, 4, 16]), tensor(g), tensor(b), 1e-5), ref.y);
  });

  test("Gelu (exact erf form)", async () => {
    const x = randomFloat32(500, 9, -8, 8);
    const ref = await runOnnxNode("Gelu", { x: val(x, [500]) }, ["y"]);
    expectClose(gelu(tensor(x)), ref.y);
  });

  test.each([
    { name: "7x7 stride 2 pad 3 (LV-ViT stem)", c: 3, o: 8, hw: 16, k: 7, s: 2, p: 3, bias: true },
    { name: "4x4 stride 4 (patch embedding)", c: 1, o: 6, hw: 28, k: 4, s: 4, p: 0, bias: true },
    { name: "3x3 stride 1 pad 1 without bias", c: 4, o: 5, hw: 9, k: 3, s: 1, p: 1, bias: false },
  ])("Conv $name", async ({ c, o, hw, k, s, p, bias }) => {
    const x = randomFloat32(2 * c * hw * hw, 10);
    const w = randomFloat32(o * c * k * k, 11);
    const b = randomFloat32(o, 12);
    const inputs = { x: val(x, [2, c, hw, hw]), w: val(w, [o, c, k, k]), ...(bias ? { b: val(b, [o]) } : {}) };
    const ref = await runOnnxNode("Conv", inputs, ["y"], {
      strides: { ints: [s, s] },
      pads: { ints: [p, p, p, p] },
      kernel_shape: { ints: [k, k] },
    });
    const ours = conv2d(tensor(x, [2, c, hw, hw]), tensor(w, [o, c, k, k]), bias ? tensor(b) : null, { stride: s, padding: p });
    expectClose(ours, ref.y);
  });

  test("Gather (indexSelect) and GatherElements (gather)", async () => {
    const x = randomFloat32(3 * 5 * 4, 13);
    const idx = Int32Array.from([4, 0, -1, 2, 2, 1]);
    const ref = await runOnnxNode("Gather", { x: val(x, [3, 5, 4]), i: val(idx, [2, 3]) }, ["y"], { axis: { i: 1 } });
    expectClose(indexSelect(tensor(x, [3, 5, 4]), 1, indexTensor(idx, [2, 3])), ref.y);
    const ge = randomInt32(3 * 2 * 4, 14, 0, 5);
    const ref2 = await runOnnxNode("GatherElements", { x: val(x, [3, 5, 4]), i: val(ge, [3, 2, 4]) }, ["y"], { axis: { i: 1 } });
    expectClose(gather(tensor(x, [3, 5, 4]), 1, indexTensor(ge, [3, 2, 4])), ref2.y);
  });

  test.each([
    { axis: -1, largest: 1 },
    { axis: 1, largest: 0 },
  ])("TopK axis $axis largest $largest (values and indices)", async ({ axis, largest }) => {
    // Include ties: ONNX TopK puts the lower index first, as ours does.
    const x = randomInt32(2 * 6 * 5, 15, -3, 3);
    const xf = Float32Array.from(x);
    const k = 3;
    const ref = await runOnnxNode(
      "TopK",
      { x: val(xf, [2, 6, 5]) },
      ["v", "i"],
      { axis: { i: axis }, largest: { i: largest }, sorted: { i: 1 } },
      { k: val(Int32Array.from([k]), [1]) },
    );
    const ours = topk(tensor(xf, [2, 6, 5]), k, axis, largest === 1);
    expectClose(ours.values, ref.v);
    expect(Array.from(ours.indices.data)).toEqual(Array.from(ref.i.data as BigInt64Array, Number));
  });
});
