import { describe, expect, it } from "vitest";
import {
  createCrossbarEngine,
  crossbarLinear,
  initXbar,
  fefet,
  programWeights,
  ReadStream,
  sram,
  withOverrides,
  XbarShapeError,
  xbarWasmSize,
} from "../index.js";
import { intProduct, quantRows, quantWeights, rand } from "./reference.js";

describe("CrossbarEngine", () => {
  it("same seed ⇒ bit-identical outputs over a sequence of static and dynamic products", () => {
    const run = (seed: number): Float32Array[] => {
      const e = createCrossbarEngine({ static: "fefet", dynamic: "fefet", seed });
      const h = { key: {}, version: 0 };
      const x = rand(5 * 70, 1);
      const w = rand(9 * 70, 2);
      return [
        e.linear(x, 5, 70, w, 9, h),
        e.linear(x, 5, 70, w, 9, h),
        e.dynamic(rand(2 * 3 * 8, 3), rand(2 * 8 * 4, 4), 2, 3, 4, 8, false),
      ];
    };
    const a = run(42);
    const b = run(42);
    const c = run(43);
    for (let i = 0; i < a.length; i++) expect(Array.from(b[i])).toEqual(Array.from(a[i]));
    expect(Array.from(c[0])).not.toEqual(Array.from(a[0]));
    // Read noise is fresh on every read of the same programmed weights.
    expect(Array.from(a[1])).not.toEqual(Array.from(a[0]));
  });

  it("programs a weight once per handle version", () => {
    const e = createCrossbarEngine({ static: "fefet", seed: 1 });
    const key = {};
    const w = rand(4 * 10, 5);
    const p0 = e.program(w, 4, 10, { key, version: 0 });
    expect(e.program(w, 4, 10, { key, version: 0 })).toBe(p0);
    const p1 = e.program(w, 4, 10, { key, version: 1 });
    expect(p1).not.toBe(p0);
    // A fresh programming redraws the write variation.
    expect(Array.from(p1.levels)).not.toEqual(Array.from(p0.levels));
    expect(() => e.program(rand(5 * 10, 5), 5, 10, { key, version: 1 })).toThrow(XbarShapeError);
  });

  it("id names both designs; presets resolve by name", () => {
    expect(createCrossbarEngine({ static: "fefet", seed: 0 }).id).toBe("xbar:fefet/sram");
    const custom = withOverrides(fefet, { name: "fefet-4bit-adc", io: { adcBits: 4 } });
    expect(createCrossbarEngine({ static: custom, dynamic: sram, seed: 0 }).id).toBe("xbar:fefet-4bit-adc/sram");
  });

  it("dynamic products equal the quantised integer product in the ideal limit (transB both ways)", () => {
    const lossless = withOverrides(sram, { io: { adcBits: 7, adcRange: { kind: "fixed", fullScale: 127 } } });
    const e = createCrossbarEngine({ static: lossless, dynamic: lossless, seed: 3 });
    const [batch, m, n, k] = [3, 5, 7, 90];
    const a = rand(batch * m * k, 11);
    const bT = rand(batch * n * k, 12); // stored n×k: op(b) = bᵀ
    const b = new Float32Array(batch * k * n);
    for (let i = 0; i < batch; i++) {
      for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) b[i * k * n + p * n + j] = bT[i * n * k + j * k + p];
    }
    const y1 = e.dynamic(a, bT, batch, m, n, k, true);
    const y2 = e.dynamic(a, b, batch, m, n, k, false);
    for (let i = 0; i < batch; i++) {
      const ai = a.subarray(i * m * k, (i + 1) * m * k);
      const wi = bT.subarray(i * n * k, (i + 1) * n * k);
      const xq = quantRows(ai, m, k, 8);
      const wq = quantWeights(wi, n, k, 8, true);
      const yi = intProduct(xq.q, wq.q, m, k, n);
      for (let r = 0; r < m; r++) {
        for (let c = 0; c < n; c++) {
          const want = Math.fround(yi[r * n + c] * (xq.scale[r] * wq.scale[c]));
          expect(y1[i * m * n + r * n + c]).toBe(want);
          expect(y2[i * m * n + r * n + c]).toBe(want);
        }
      }
    }
  });

  it("linear with the paper's FeFET defaults stays close to the float product", () => {
    const e = createCrossbarEngine({ static: "fefet", seed: 9 });
    const [rows, inF, out] = [16, 384, 32];
    const x = rand(rows * inF, 21);
    const w = rand(out * inF, 22);
    const y = e.linear(x, rows, inF, w, out, { key: {}, version: 0 });
    let num = 0;
    let den = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < out; c++) {
        let s = 0;
        for (let i = 0; i < inF; i++) s += x[r * inF + i] * w[c * inF + i];
        num += (y[r * out + c] - s) ** 2;
        den += s * s;
      }
    }
    // Non-ideal but informative: relative RMS error well below the signal.
    expect(Math.sqrt(num / den)).toBeLessThan(0.5);
    expect(Math.sqrt(num / den)).toBeGreaterThan(0.001);
  });

  it("rejects operands of the wrong size", () => {
    const e = createCrossbarEngine({ static: "fefet", seed: 0 });
    expect(() => e.dynamic(new Float32Array(5), new Float32Array(6), 1, 2, 3, 2, false)).toThrow(XbarShapeError);
    const p = programWeights(rand(6, 1), 2, 3, fefet, 1);
    expect(() => crossbarLinear(p, new Float32Array(5), 2, new ReadStream(1))).toThrow(/expected rows·inFeatures = 2·3/);
    expect(() => programWeights(new Float32Array(5), 2, 3, fefet, 1)).toThrow(/expected outFeatures·inFeatures/);
  });
});

describe("kernel module", () => {
  it("stays under the 4 KiB browsers compile synchronously on the main thread", async () => {
    expect(xbarWasmSize()).toBeLessThan(4096);
    await initXbar(); // idempotent once a kernel exists
  });
});
