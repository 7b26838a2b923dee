// Runs every committed reference export in onnxruntime (an implementation independent of PyTorch) and
// compares with the logits PyTorch computed when the file was exported. Fails if an export is stale,
// corrupt, or was written by a re-implementation whose eager forward differs from its traced graph.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import ort from "onnxruntime-node";

const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "out");
const MODELS = ["deit", "deit-distilled", "lvvit", "bert"];
// float32 graphs run with different kernels and summation orders: a few ulps of a logit of size ~1.
const ATOL = 1e-4;
const RTOL = 1e-4;

function toTensor(spec) {
  if (spec.dtype === "float32") return new ort.Tensor("float32", Float32Array.from(spec.data), spec.shape);
  if (spec.dtype === "int64") return new ort.Tensor("int64", BigInt64Array.from(spec.data.map(BigInt)), spec.shape);
  throw new Error(`unsupported dtype ${spec.dtype} in reference JSON: extend toTensor`);
}

/** Rows [start, end) of a [batch, ...] reference tensor, optionally keeping only the first `cols` of axis 1. */
function slice(spec, start, end, cols) {
  const [, ...rest] = spec.shape;
  const row = rest.reduce((a, b) => a * b, 1);
  let shape = [end - start, ...rest];
  let data = spec.data.slice(start * row, end * row);
  if (cols !== undefined) {
    const inner = row / rest[0];
    const kept = [];
    for (let b = 0; b < end - start; b++) kept.push(...data.slice(b * row, b * row + cols * inner));
    data = kept;
    shape = [end - start, cols, ...rest.slice(1)];
  }
  return { dtype: spec.dtype, shape, data };
}

function maxDiff(actual, expected) {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    assert.ok(d <= ATOL + RTOL * Math.abs(expected[i]), `logit ${i}: onnxruntime ${actual[i]} vs torch ${expected[i]}`);
    worst = Math.max(worst, d);
  }
  return worst;
}

async function run(file, inputs) {
  const session = await ort.InferenceSession.create(join(OUT, file));
  const feeds = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, toTensor(v)]));
  const result = await session.run(feeds);
  return result.logits;
}

for (const name of MODELS) {
  const ref = JSON.parse(readFileSync(join(OUT, `${name}.json`), "utf8"));
  const expected = ref.outputs.logits;

  describe(name, () => {
    test("reference logits are non-trivial: finite, varied, and the two samples differ", () => {
      const [batch, classes] = expected.shape;
      assert.equal(batch, 2);
      assert.ok(expected.data.every(Number.isFinite));
      const a = expected.data.slice(0, classes);
      const b = expected.data.slice(classes);
      assert.ok(Math.max(...a) - Math.min(...a) > 0.1, "logits of sample 0 are nearly constant");
      assert.ok(a.some((v, i) => Math.abs(v - b[i]) > 1e-2), "both samples give the same logits");
    });

    for (const [key, exp] of Object.entries(ref.exports)) {
      test(`${exp.file}: onnxruntime matches torch on the batch of 2`, async () => {
        const logits = await run(exp.file, ref.inputs);
        assert.deepEqual(logits.dims, expected.shape);
        const worst = maxDiff(Array.from(logits.data), expected.data);
        console.log(`${exp.file}: max |onnxruntime - torch| = ${worst.toExponential(2)}`);
      });

      test(`${exp.file}: batch axis is dynamic (batch of 1 gives row 0)`, async () => {
        const one = Object.fromEntries(Object.entries(ref.inputs).map(([k, v]) => [k, slice(v, 0, 1)]));
        const logits = await run(exp.file, one);
        maxDiff(Array.from(logits.data), slice(expected, 0, 1).data);
      });

      if (name === "bert") {
        test(`${exp.file}: padded positions are masked out (sample 1 without its padding gives the same logits)`, async () => {
          const mask = slice(ref.inputs.attention_mask, 1, 2).data;
          const real = mask.filter((m) => m === 1).length;
          assert.ok(real < mask.length, `${key}: sample 1 of the reference input has no padding`);
          const unpadded = Object.fromEntries(
            Object.entries(ref.inputs).map(([k, v]) => [k, slice(v, 1, 2, real)]),
          );
          const logits = await run(exp.file, unpadded);
          maxDiff(Array.from(logits.data), slice(expected, 1, 2).data);
        });
      }
    }
  });
}
