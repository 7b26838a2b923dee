import { ParamError, type ParamSchema } from "@trex/registry";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { paramOption, resolveParams } from "../param-option.js";

const schema = {
  reuse: { type: "int-list", description: "reusing encoders", default: [4, 6, 8] },
  chain: { type: "enum", values: ["nearest", "original"], default: "nearest", description: "TB source" },
} as const satisfies ParamSchema;

function parse(args: string[]): string[] | undefined {
  const program = new Command().exitOverride().addOption(paramOption());
  program.parse(args, { from: "user" });
  return program.opts<{ param?: string[] }>().param;
}

describe("--param", () => {
  it("collects repeated assignments and turns them into typed values", () => {
    const assignments = parse(["--param", "reuse=2,5", "--param", "chain=original"]);
    expect(assignments).toEqual(["reuse=2,5", "chain=original"]);
    expect(resolveParams(schema, assignments)).toEqual({ reuse: [2, 5], chain: "original" });
  });

  it("gives the defaults when no --param is passed", () => {
    expect(resolveParams(schema, parse([]))).toEqual({ reuse: [4, 6, 8], chain: "nearest" });
  });

  it("reports a bad value as a ParamError naming the parameter", () => {
    expect(() => resolveParams(schema, parse(["--param", "chain=first"]))).toThrow(ParamError);
    expect(() => resolveParams(schema, parse(["--param", "chain=first"]))).toThrow(
      'Parameter "chain": "first" is not valid; expected one of nearest, original.',
    );
  });
});
