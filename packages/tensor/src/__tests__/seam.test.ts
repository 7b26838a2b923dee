import { describe, expect, test } from "vitest";
import {
  AdamW,
  Parameter,
  type ProductEngine,
  TensorError,
  type WeightHandle,
  conv2d,
  dynamicMatmul,
  idealEngine,
  linear,
  loadInto,
  saveTensors,
  sum,
  tensor,
  weightHandle,
} from "../index.js";

/** A stand-in "hardware" engine: the ideal product plus a constant offset, recording every call. */
function offsetEngine(offset: number) {
  const calls: { kind: string; handle?: WeightHandle; version?: number; transB?: boolean }[] = [];
  const engine: ProductEngine = {
    id: "test:offset",
    linear(x, rows, inF, w, outF, handle) {
      calls.push({ kind: "linear", handle, version: handle.version });
      return idealEngine.linear(x, rows, inF, w, outF, handle).map((v) => v + offset);
    },
    dynamic(a, b, batch, m, n, k, transB) {
      calls.push({ kind: "dynamic", transB });
      return idealEngine.dynamic(a, b, batch, m, n, k, transB).map((v) => v + offset);
    },
  };
  return { engine, calls };
}

describe("product seam", () => {
  test("linear's forward runs on the engine, its backward is the ideal (straight-through) gradient", () => {
    const { engine, calls } = offsetEngine(10);
    const w = new Parameter(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3], "w");
    const x = tensor([1, 0, -1, 2, 1, 0], [2, 3], true);
    const y = linear(x, w, tensor([0.5, -0.5]), engine);
    // Ideal: [[1−3, 4−6], [2+2, 8+5]] + bias, then +10 from the engine.
    expect(y.toArray()).toEqual([8.5, 7.5, 14.5, 22.5]);
    expect(calls).toEqual([{ kind: "linear", handle: w, version: 0 }]);
    sum(y).backward();
    expect(Array.from(x.grad ?? [])).toEqual([5, 7, 9, 5, 7, 9]);
    expect(Array.from(w.grad ?? [])).toEqual([3, 1, -1, 3, 1, -1]);
  });

  test("a parameter's handle version bumps on optimizer steps and loads; plain tensors get a stable handle", () => {
    const w = new Parameter(Float32Array.from([1, 2]), [1, 2], "w");
    expect(weightHandle(w)).toBe(w);
    expect(w.key).toBe(w);
    const opt = new AdamW([w], { lr: 0.1 });
    w.grad = Float32Array.from([1, 1]);
    opt.step();
    expect(w.version).toBe(1);
    loadInto({ w }, saveTensors({ w: tensor([3, 4], [1, 2]) }));
    expect(w.version).toBe(2);
    const plain = tensor([1, 2], [1, 2]);
    expect(weightHandle(plain)).toBe(weightHandle(plain));
    expect(weightHandle(plain).version).toBe(0);
  });

  test("dynamicMatmul and conv2d route through the engine", () => {
    const { engine, calls } = offsetEngine(1);
    const q = tensor([1, 2, 3, 4], [1, 2, 2]);
    const k = tensor([1, 0, 0, 1, 1, 1], [1, 3, 2]);
    expect(dynamicMatmul(q, k, { transB: true, engine }).toArray()).toEqual([2, 3, 4, 4, 5, 8]);
    const x = tensor([1, 2, 3, 4], [1, 1, 2, 2]);
    const wc = new Parameter(Float32Array.from([1, 1, 1, 1]), [1, 1, 2, 2]);
    expect(conv2d(x, wc, null, { engine }).toArray()).toEqual([11]);
    expect(calls.map((c) => c.kind)).toEqual(["dynamic", "linear"]);
    expect(calls[0].transB).toBe(true);
    expect(calls[1].handle).toBe(wc);
  });

  test("an engine returning the wrong size is a TensorError naming it", () => {
    const bad: ProductEngine = { id: "broken", linear: () => new Float32Array(1), dynamic: () => new Float32Array(1) };
    expect(() => linear(tensor([1, 2], [1, 2]), tensor([1, 2, 3, 4], [2, 2]), null, bad)).toThrow(TensorError);
    expect(() => linear(tensor([1, 2], [1, 2]), tensor([1, 2, 3, 4], [2, 2]), null, bad)).toThrow(/"broken"/);
  });
});
