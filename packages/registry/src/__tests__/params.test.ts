import { describe, expect, it } from "vitest";
import {
  describeParams,
  formatParamsHelp,
  ParamError,
  type ParamSchema,
  parseParamAssignments,
  validateParams,
} from "../index.js";

const schema = {
  sl: { type: "int", description: "stride between reusing encoders", default: 2, min: 1, max: 11 },
  lr: { type: "number", description: "learning rate", default: 0.01, min: 0 },
  variation: { type: "boolean", description: "inject IMC variation", default: false },
  tag: { type: "string", description: "run tag" },
  chain: { type: "enum", values: ["nearest", "original"], default: "nearest", description: "TB source" },
  reuse: { type: "int-list", description: "reusing encoders", required: true, min: 2, max: 12, maxLength: 11 },
} as const satisfies ParamSchema;

function paramError(fn: () => unknown): ParamError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ParamError) return error;
    throw error;
  }
  throw new Error("expected a ParamError");
}

describe("validateParams", () => {
  it("parses CLI strings into typed values and fills defaults", () => {
    const values = validateParams(schema, { reuse: "4,6,8", sl: "3", lr: "1e-3", variation: "yes", tag: "a=b" });
    expect(values).toEqual({
      sl: 3,
      lr: 0.001,
      variation: true,
      tag: "a=b",
      chain: "nearest",
      reuse: [4, 6, 8],
    });
    // Typed: `values.reuse` is readonly number[], `values.tag` string | undefined.
    const sum: number = values.reuse.reduce((a, b) => a + b, 0);
    expect(sum).toBe(18);
  });

  it("accepts typed values from a web form", () => {
    const values = validateParams(schema, { reuse: [2, 12], sl: 11, lr: 0, variation: false, chain: "original" });
    expect(values).toEqual({ sl: 11, lr: 0, variation: false, chain: "original", reuse: [2, 12] });
    expect("tag" in values).toBe(false);
  });

  it("tolerates spaces in lists and numbers, and parses an empty list", () => {
    expect(validateParams(schema, { reuse: " 4 , 6 ", sl: " 5 " })).toMatchObject({ reuse: [4, 6], sl: 5 });
    expect(validateParams(schema, { reuse: "" }).reuse).toEqual([]);
    expect(validateParams(schema, { reuse: "3", lr: ".5" }).lr).toBe(0.5);
    expect(validateParams(schema, { reuse: "3", variation: "OFF" }).variation).toBe(false);
  });

  it("names the parameter, the bad value and the expected form", () => {
    const e = paramError(() => validateParams(schema, { reuse: "4,x,8" }));
    expect(e.param).toBe("reuse");
    expect(e.value).toBe("4,x,8");
    expect(e.message).toBe(
      'Parameter "reuse": "4,x,8" is not valid (element 2 ("x") is not an integer); ' +
        "expected comma-separated integers in [2, 12] (e.g. 4,6,8), 0 to 11 elements.",
    );
    expect(paramError(() => validateParams(schema, { reuse: "1,4" })).message).toMatch(
      /element 1 \(1\) is below the minimum 2/,
    );
    expect(paramError(() => validateParams(schema, { reuse: "4", sl: "2.5" })).message).toBe(
      'Parameter "sl": "2.5" is not valid (2.5 is not an integer); expected an integer in [1, 11].',
    );
    expect(paramError(() => validateParams(schema, { reuse: "4", sl: "12" })).message).toMatch(
      /\(12 is above the maximum 11\)/,
    );
    expect(paramError(() => validateParams(schema, { reuse: "4", lr: "fast" })).message).toBe(
      'Parameter "lr": "fast" is not valid (not a finite number); expected a number >= 0.',
    );
    expect(paramError(() => validateParams(schema, { reuse: "4", lr: "-1" })).message).toMatch(/below the minimum 0/);
    expect(paramError(() => validateParams(schema, { reuse: "4", lr: Number.NaN })).expected).toBe("a number >= 0");
    expect(paramError(() => validateParams(schema, { reuse: "4", variation: "maybe" })).message).toBe(
      'Parameter "variation": "maybe" is not valid; expected true or false.',
    );
    expect(paramError(() => validateParams(schema, { reuse: "4", chain: "first" })).message).toBe(
      'Parameter "chain": "first" is not valid; expected one of nearest, original.',
    );
    expect(paramError(() => validateParams(schema, { reuse: "4", tag: 7 })).expected).toBe("a string");
    expect(paramError(() => validateParams(schema, { reuse: 4 })).value).toBe(4);
    expect(paramError(() => validateParams(schema, { reuse: "2,3,4,5,6,7,8,9,10,11,12,12" })).message).toMatch(
      /12 elements, at most 11 allowed/,
    );
  });

  it("refuses unknown and missing required parameters", () => {
    expect(paramError(() => validateParams(schema, { reuse: "4", stride: "2" })).message).toBe(
      'Parameter "stride": "2" is not valid (unknown parameter); ' +
        "expected one of the known parameters: sl, lr, variation, tag, chain, reuse.",
    );
    expect(paramError(() => validateParams(schema, {})).message).toBe(
      'Parameter "reuse": a missing value is not valid (it is required); ' +
        "expected comma-separated integers in [2, 12] (e.g. 4,6,8), 0 to 11 elements.",
    );
    expect(paramError(() => validateParams({}, { x: "1" })).expected).toBe("no parameters (this takes none)");
  });
});

describe("parseParamAssignments", () => {
  it("splits name=value on the first '='", () => {
    expect(parseParamAssignments(["reuse=4,6,8", "tag=a=b", "empty="])).toEqual({
      reuse: "4,6,8",
      tag: "a=b",
      empty: "",
    });
  });

  it("refuses items without a name and repeated names", () => {
    expect(() => parseParamAssignments(["reuse"])).toThrow(/expected name=value/);
    expect(() => parseParamAssignments(["=4"])).toThrow(ParamError);
    expect(() => parseParamAssignments(["sl=1", "sl=2"])).toThrow(/"sl": "2" is not valid \(given twice\)/);
  });
});

describe("describeParams / formatParamsHelp", () => {
  it("describes every parameter as plain data for forms and help", () => {
    const rows = describeParams(schema);
    expect(rows.map((row) => row.name)).toEqual(["sl", "lr", "variation", "tag", "chain", "reuse"]);
    expect(rows[0]).toEqual({
      name: "sl",
      type: "int",
      description: "stride between reusing encoders",
      required: false,
      default: 2,
      min: 1,
      max: 11,
      usage: "sl=<int>",
      expected: "an integer in [1, 11]",
    });
    expect(rows[4]).toMatchObject({ values: ["nearest", "original"], usage: "chain=<nearest|original>" });
    expect(rows[5]).toMatchObject({ required: true, usage: "reuse=<int,...>", maxLength: 11 });
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
  });

  it("formats one aligned help line per parameter", () => {
    const help = formatParamsHelp(schema).split("\n");
    expect(help).toHaveLength(6);
    expect(help[0]).toBe("  sl=<int>                  stride between reusing encoders (default: 2; an integer in [1, 11])");
    expect(help[5]).toBe(
      "  reuse=<int,...>           reusing encoders (required; comma-separated integers in [2, 12] (e.g. 4,6,8), 0 to 11 elements)",
    );
  });
});
