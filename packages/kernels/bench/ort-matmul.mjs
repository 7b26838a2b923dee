// A one-node ONNX MatMul graph (A as input, B as initializer) run by onnxruntime-node on one thread: the
// reference the WASM GEMM is measured against.
import onnxProto from "onnx-proto";
import * as ort from "onnxruntime-node";

const { onnx } = onnxProto;

/** Serialised ONNX model computing Y[m×n] = A[m×k] · B (B baked in as an initializer). */
export function matmulModel(m, k, n, bData) {
  const B = onnx.TensorProto.create({
    name: "B",
    dims: [k, n],
    dataType: onnx.TensorProto.DataType.FLOAT,
    rawData: new Uint8Array(bData.buffer, bData.byteOffset, bData.byteLength),
  });
  const vi = (name, dims) =>
    onnx.ValueInfoProto.create({
      name,
      type: onnx.TypeProto.create({
        tensorType: onnx.TypeProto.Tensor.create({
          elemType: onnx.TensorProto.DataType.FLOAT,
          shape: onnx.TensorShapeProto.create({ dim: dims.map((d) => onnx.TensorShapeProto.Dimension.create({ dimValue: d })) }),
        }),
      }),
    });
  const graph = onnx.GraphProto.create({
    name: "matmul",
    node: [onnx.NodeProto.create({ opType: "MatMul", input: ["A", "B"], output: ["Y"] })],
    initializer: [B],
    input: [vi("A", [m, k])],
    output: [vi("Y", [m, n])],
  });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [onnx.OperatorSetIdProto.create({ version: 13 })],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

/** A single-threaded ORT session for matmulModel; run(a) returns the m×n product. */
export async function ortMatmul(m, k, n, bData) {
  const session = await ort.InferenceSession.create(matmulModel(m, k, n, bData), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
  });
  return {
    async run(aData) {
      const out = await session.run({ A: new ort.Tensor("float32", aData, [m, k]) });
      return out.Y.data;
    },
    release: () => session.release(),
  };
}
