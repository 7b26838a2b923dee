import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Rng } from "@trex/tensor";
import { describe, expect, test } from "vitest";
import { OnnxGraphBuilder, OnnxImportError, OnnxInputError, OnnxParseError, importOnnx } from "../index.js";
import { runOnnxRuntime } from "../node/index.js";

const OUT = join(dirname(fileURLToPath(import.meta.url)), "../../../../tooling/reference-models/out");
const deit = () => new Uint8Array(readFileSync(join(OUT, "deit-folded.onnx")));

function tensor(shape: number[], seed: number) {
  const data = new Rng(seed).fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1)));
  return { data, shape };
}

/** A 2-layer MLP classifier on a flat float input: a valid ONNX model of another architecture. */
function tinyMlp(): Uint8Array {
  const b = new OnnxGraphBuilder();
  const x = b.input("x", "float32", ["batch", 8]);
  const h = b.op("Gemm", [x, b.initializer("fc1.weight", tensor([16, 8], 1)), b.initializer("fc1.bias", tensor([16], 2))], { transB: { i: 1 } });
  const r = b.op("Relu", h);
  const y = b.op("Gemm", [r[0], b.initializer("fc2.weight", tensor([4, 16], 3)), b.initializer("fc2.bias", tensor([4], 4))], { transB: { i: 1 } });
  b.output("logits", y[0]);
  return b.toBytes();
}

describe("unreadable files", () => {
  test("random bytes are an OnnxParseError, not a crash", () => {
    const bytes = new Uint8Array(64).map((_, i) => (i * 97 + 13) & 255);
    expect(() => importOnnx(bytes)).toThrow(OnnxParseError);
  });

  test.each([0.5, 0.9, 0.999])("a file truncated to %f of its length is an OnnxParseError", (frac) => {
    const b = deit();
    expect(() => importOnnx(b.subarray(0, Math.floor(b.length * frac)))).toThrow(OnnxParseError);
  });

  test("empty input says what to pass", () => {
    expect(() => importOnnx(new Uint8Array(0))).toThrow(/no bytes/);
  });

  test("a truncated file is also rejected by onnxruntime with a typed error", async () => {
    const b = deit();
    await expect(runOnnxRuntime(b.subarray(0, b.length >> 1), [], {})).rejects.toThrow(OnnxParseError);
  });
});

describe("other architectures", () => {
  test("a tiny MLP (float [batch, 8] input) is rejected naming its input", async () => {
    const bytes = tinyMlp();
    // The graph itself is valid: onnxruntime runs it.
    const r = await runOnnxRuntime(bytes, [{ role: "pixel_values", name: "x" }], { pixelValues: tensor([2, 8], 5) });
    expect(r.shape).toEqual([2, 4]);
    expect(() => importOnnx(bytes)).toThrow(OnnxImportError);
    expect(() => importOnnx(bytes)).toThrow(/image input "x" has rank 2/);
  });

  test("a conv net without transformer blocks fails at the node where the pattern stops", () => {
    const b = new OnnxGraphBuilder();
    const x = b.input("pixel_values", "float32", ["batch", 3, 8, 8]);
    const c = b.op("Conv", [x, b.initializer("w", tensor([4, 3, 4, 4], 6)), b.initializer("b", tensor([4], 7))], {
      kernel_shape: { ints: [4, 4] },
      strides: { ints: [4, 4] },
    }, { name: "/conv" });
    const p = b.op("GlobalAveragePool", c);
    const f = b.op("Flatten", p);
    b.output("logits", f[0]);
    const err = (() => {
      try {
        importOnnx(b.toBytes());
      } catch (e) {
        return e as OnnxImportError;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(OnnxImportError);
    expect(err?.message).toMatch(/patch embedding/);
    expect(err?.location.opType).toBe("Conv");
    expect(err?.location.nodeName).toBe("/conv");
  });

  test("a DeiT whose attention scale was edited is rejected at the attention", () => {
    const model = importOnnx(deit());
    expect(model.family).toBe("vit");
    // Rewrite the scale constant 0.25 (head_dim 16) to 0.5 in the bytes' decoded graph.
    const bytes = deit();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let patched = 0;
    for (let i = 0; i + 4 <= bytes.length; i++) {
      if (view.getFloat32(i, true) === 0.25) {
        view.setFloat32(i, 0.5, true);
        patched++;
      }
    }
    expect(patched).toBeGreaterThan(0);
    expect(() => importOnnx(bytes)).toThrow(/attention scale is 0.5, expected head_dim\^-1\/2 = 0.25/);
  });
});

describe("wrong inputs", () => {
  test("onnxruntime given an image of the wrong size is an OnnxInputError", async () => {
    const m = importOnnx(deit());
    await expect(runOnnxRuntime(deit(), m.inputs, { pixelValues: tensor([1, 3, 16, 16], 8) })).rejects.toThrow(OnnxInputError);
  });

  test("a missing input is named", async () => {
    const m = importOnnx(deit());
    await expect(runOnnxRuntime(deit(), m.inputs, {})).rejects.toThrow(/needs input "pixel_values"/);
  });
});
