import { describe, expect, it } from "vitest";
import { HwSpecError } from "../errors.js";
import type { WorkloadOp } from "../ops.js";
import { opMacs, workloadFromSpec } from "../workload.js";
import { tinySpec } from "./helpers.js";

const brief = (op: WorkloadOp) => {
  switch (op.kind) {
    case "static":
      return `${op.block}:${op.component}:${op.name}:static ${op.in}x${op.out}@${op.tokens}`;
    case "dynamic":
      return `${op.block}:${op.component}:${op.name}:dynamic ${op.batch}x(${op.m}x${op.k})(${op.k}x${op.n}) w=${op.written.rows}x${op.written.cols}`;
    case "softmax":
      return `${op.block}:${op.component}:${op.name}:softmax ${op.heads}x${op.rows}x${op.cols}`;
    case "layernorm":
      return `${op.block}:${op.component}:${op.name}:ln ${op.tokens}x${op.dim}`;
    case "elementwise":
      return `${op.block}:${op.component}:${op.name}:${op.fn} ${op.n}`;
  }
};

describe("workloadFromSpec", () => {
  it("lists a computed-attention block op by op (hand-written reference)", () => {
    const ops = workloadFromSpec(tinySpec()).ops.map(brief);
    expect(ops).toEqual([
      "null:embed:conv0:static 12x8@4", // 2·2·3 inputs per patch, 4 patches
      "null:embed:pos:add 40",
      "0:attention:norm1:ln 5x8",
      "0:attention:qkv:static 8x24@5",
      "0:attention:qk:dynamic 2x(5x4)(4x5) w=4x5",
      "0:attention:softmax:softmax 2x5x5",
      "0:attention:sv:dynamic 2x(5x5)(5x4) w=5x4",
      "0:projection:proj:static 8x8@5",
      "0:other:residual1:add 40",
      "0:mlp:norm2:ln 5x8",
      "0:mlp:fc1:static 8x16@5",
      "0:mlp:gelu:gelu 80",
      "0:mlp:fc2:static 16x8@5",
      "0:other:residual2:add 40",
      "null:head:norm:ln 5x8",
      "null:head:head:static 8x3@1",
    ]);
  });

  it("counts MACs: 5·8·24 + 2·5·4·5 + 2·5·5·4 + 5·8·8 + 2·5·8·16 + embed 4·12·8 + head 8·3", () => {
    const total = workloadFromSpec(tinySpec()).ops.reduce((s, op) => s + opMacs(op), 0);
    expect(total).toBe(960 + 200 + 200 + 320 + 1280 + 384 + 24);
  });

  it("a reusing block drops norm1, Q/K/V, QKᵀ, softmax and S·V and runs its transform instead", () => {
    const spec = tinySpec(2);
    spec.blocks[1].attention = {
      kind: "reuse",
      source: 0,
      transform: { layers: [{ kind: "layernorm", dim: 8 }, { kind: "linear", in: 8, out: 8, bias: true }, { kind: "gelu" }] },
    };
    const ops = workloadFromSpec(spec).ops.filter((o) => o.block === 1).map(brief);
    expect(ops.slice(0, 4)).toEqual(["1:transform:tb.norm0:ln 5x8", "1:transform:tb.linear1:static 8x8@5", "1:transform:tb.gelu2:gelu 40", "1:projection:proj:static 8x8@5"]);
    expect(ops.some((o) => /attention/.test(o))).toBe(false);
  });

  it("token pruning: attention on tokensIn, MLP on tokensOut; extra ops get their block", () => {
    const spec = tinySpec(2);
    spec.blocks[0].tokensOut = 3;
    spec.blocks[1].tokensIn = 3;
    spec.blocks[1].tokensOut = 3;
    spec.blocks[0].extraOps = [{ kind: "static", component: "other", name: "predictor", in: 8, out: 2, tokens: 5, weightGroup: "pred0" }];
    const ops = workloadFromSpec(spec).ops;
    const fc1 = ops.find((o) => o.block === 0 && o.name === "fc1");
    const qk = ops.find((o) => o.block === 0 && o.name === "qk");
    expect(fc1?.kind === "static" && fc1.tokens).toBe(3);
    expect(qk?.kind === "dynamic" && qk.m).toBe(5);
    expect(ops.find((o) => o.name === "predictor")?.block).toBe(0);
  });

  it("rejects malformed specs with the field and the fix", () => {
    const bad = tinySpec(2);
    bad.blocks[1].tokensIn = 4;
    expect(() => workloadFromSpec(bad)).toThrow(/blocks\[1\]\.tokensIn \(4\).*set it to 5/);
    const reuse = tinySpec(2);
    reuse.blocks[0].attention = { kind: "reuse", source: 0, transform: { layers: [] } };
    expect(() => workloadFromSpec(reuse)).toThrow(HwSpecError);
    expect(() => workloadFromSpec(reuse)).toThrow(/blocks\[0\]\.attention\.source/);
    const heads = tinySpec();
    heads.blocks[0].heads = 3;
    expect(() => workloadFromSpec(heads)).toThrow(/heads \(3\) must divide/);
    const tokens = tinySpec();
    tokens.tokens = 6;
    tokens.blocks[0].tokensIn = 6;
    tokens.blocks[0].tokensOut = 6;
    expect(() => workloadFromSpec(tokens)).toThrow(/embedding's output tokens \(5\)/);
    const extra = tinySpec();
    extra.blocks[0].extraOps = [{ kind: "dynamic", component: "other", name: "x", m: 2, k: 3, n: 4, batch: 1, written: { rows: 4, cols: 3 } }];
    expect(() => workloadFromSpec(extra)).toThrow(/written must be the k × n operand/);
    const head = tinySpec();
    head.heads[0].reduce = "mean" as "max";
    expect(() => workloadFromSpec(head)).toThrow(/heads\[0\]\.reduce must be "none" or "max"/);
  });
});
