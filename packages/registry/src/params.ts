import { ParamError, RegistryError } from "./errors.js";

interface ParamBase {
  /** One line shown in CLI help and as the web form's field hint. */
  readonly description: string;
  /** A required parameter without a default must be given; otherwise a missing one is left undefined. */
  readonly required?: boolean;
}

export interface IntParam extends ParamBase {
  readonly type: "int";
  readonly default?: number;
  readonly min?: number;
  readonly max?: number;
}

export interface NumberParam extends ParamBase {
  readonly type: "number";
  readonly default?: number;
  readonly min?: number;
  readonly max?: number;
}

export interface BooleanParam extends ParamBase {
  readonly type: "boolean";
  readonly default?: boolean;
}

export interface StringParam extends ParamBase {
  readonly type: "string";
  readonly default?: string;
}

export interface EnumParam extends ParamBase {
  readonly type: "enum";
  readonly values: readonly string[];
  readonly default?: string;
}

/** A list of integers, written `4,6,8` on the command line; `min`/`max` bound each element. */
export interface IntListParam extends ParamBase {
  readonly type: "int-list";
  readonly default?: readonly number[];
  readonly min?: number;
  readonly max?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
}

export type ParamSpec = IntParam | NumberParam | BooleanParam | StringParam | EnumParam | IntListParam;
export type ParamType = ParamSpec["type"];

/** A method's parameters by name. Declare with `as const satisfies ParamSchema` to get typed values. */
export type ParamSchema = Readonly<Record<string, ParamSpec>>;

type ParamValueOf<P extends ParamSpec> = P extends IntParam | NumberParam
  ? number
  : P extends BooleanParam
    ? boolean
    : P extends EnumParam
      ? P["values"][number]
      : P extends StringParam
        ? string
        : readonly number[];

/** The typed result of `validateParams`: parameters with a default or `required: true` are always present. */
export type ParamValues<S extends ParamSchema> = {
  readonly [K in keyof S]: S[K] extends { default: unknown } | { required: true }
    ? ParamValueOf<S[K]>
    : ParamValueOf<S[K]> | undefined;
};

/** Raw input: strings from the CLI (`--param reuse=4,6,8`) or already-typed values from a web form. */
export type RawParams = Readonly<Record<string, unknown>>;

const INT_RE = /^[+-]?\d+$/;
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(["true", "1", "yes", "on"]);
const FALSE_WORDS = new Set(["false", "0", "no", "off"]);

/** The accepted form of a parameter, as shown in errors and help: `an integer in [1, 12]`. */
export function expectedForm(spec: ParamSpec): string {
  const range = (min?: number, max?: number) =>
    min !== undefined && max !== undefined
      ? ` in [${min}, ${max}]`
      : min !== undefined
        ? ` >= ${min}`
        : max !== undefined
          ? ` <= ${max}`
          : "";
  switch (spec.type) {
    case "int":
      return `an integer${range(spec.min, spec.max)}`;
    case "number":
      return `a number${range(spec.min, spec.max)}`;
    case "boolean":
      return "true or false";
    case "string":
      return "a string";
    case "enum":
      return `one of ${spec.values.join(", ")}`;
    case "int-list": {
      const length =
        spec.minLength !== undefined || spec.maxLength !== undefined
          ? `, ${spec.minLength ?? 0} to ${spec.maxLength ?? "any number of"} elements`
          : "";
      return `comma-separated integers${range(spec.min, spec.max)} (e.g. 4,6,8)${length}`;
    }
  }
}

/** Parse and check one raw value against its spec; throws ParamError naming the parameter and the form expected. */
export function parseParam(name: string, spec: ParamSpec, raw: unknown): unknown {
  const fail = (detail?: string): never => {
    throw new ParamError(name, raw, expectedForm(spec), detail);
  };
  // `label(v)` names the checked value in messages: "12" for a scalar, "element 2 (12)" in a list.
  const inRange = (value: number, label: (v: unknown) => string) => {
    if (spec.type !== "int" && spec.type !== "number" && spec.type !== "int-list") return;
    if (spec.min !== undefined && value < spec.min) fail(`${label(value)} is below the minimum ${spec.min}`);
    if (spec.max !== undefined && value > spec.max) fail(`${label(value)} is above the maximum ${spec.max}`);
  };
  const scalar = (v: unknown) => String(v);
  const toInt = (value: unknown, label: (v: unknown) => string): number => {
    if (typeof value === "string" && INT_RE.test(value.trim())) value = Number(value.trim());
    if (typeof value !== "number" || !Number.isSafeInteger(value)) fail(`${label(value)} is not an integer`);
    inRange(value as number, label);
    return value as number;
  };

  switch (spec.type) {
    case "int":
      return toInt(raw, scalar);
    case "number": {
      let value = raw;
      if (typeof value === "string" && NUMBER_RE.test(value.trim())) value = Number(value.trim());
      if (typeof value !== "number" || !Number.isFinite(value)) fail("not a finite number");
      inRange(value as number, scalar);
      return value;
    }
    case "boolean": {
      if (typeof raw === "boolean") return raw;
      const word = typeof raw === "string" ? raw.trim().toLowerCase() : undefined;
      if (word !== undefined && TRUE_WORDS.has(word)) return true;
      if (word !== undefined && FALSE_WORDS.has(word)) return false;
      return fail();
    }
    case "string":
      if (typeof raw !== "string") fail();
      return raw;
    case "enum":
      if (typeof raw !== "string" || !spec.values.includes(raw)) fail();
      return raw;
    case "int-list": {
      let items: readonly unknown[];
      if (typeof raw === "string") {
        const text = raw.trim();
        items = text === "" ? [] : text.split(",").map((part) => part.trim());
      } else if (Array.isArray(raw)) {
        items = raw;
      } else {
        return fail();
      }
      const list = items.map((item, i) => toInt(item, (v) => `element ${i + 1} (${JSON.stringify(v)})`));
      if (spec.minLength !== undefined && list.length < spec.minLength) {
        fail(`${list.length} elements, at least ${spec.minLength} needed`);
      }
      if (spec.maxLength !== undefined && list.length > spec.maxLength) {
        fail(`${list.length} elements, at most ${spec.maxLength} allowed`);
      }
      return Object.freeze(list);
    }
  }
}

/**
 * Turn raw input into typed, checked parameter values: unknown names, missing required values and
 * malformed or out-of-range values throw ParamError; absent optional values take their default.
 */
export function validateParams<S extends ParamSchema>(schema: S, raw: RawParams = {}): ParamValues<S> {
  const known = Object.keys(schema);
  for (const name of Object.keys(raw)) {
    if (!Object.hasOwn(schema, name)) {
      throw new ParamError(
        name,
        raw[name],
        known.length ? `one of the known parameters: ${known.join(", ")}` : "no parameters (this takes none)",
        "unknown parameter",
      );
    }
  }
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const value = raw[name];
    if (value === undefined || value === null) {
      if (spec.default !== undefined) values[name] = spec.default;
      else if (spec.required) throw new ParamError(name, undefined, expectedForm(spec), "it is required");
      continue;
    }
    values[name] = parseParam(name, spec, value);
  }
  return Object.freeze(values) as ParamValues<S>;
}

/**
 * Split CLI assignments (`["reuse=4,6,8", "chain=nearest"]`) into raw params for `validateParams`.
 * A repeated name or an item without `=` is a ParamError.
 */
export function parseParamAssignments(assignments: readonly string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf("=");
    const name = eq > 0 ? assignment.slice(0, eq).trim() : "";
    if (!name) throw new ParamError(assignment, assignment, "name=value (e.g. --param reuse=4,6,8)", "no name=");
    if (Object.hasOwn(raw, name)) {
      throw new ParamError(name, assignment.slice(eq + 1), "each parameter given once", "given twice");
    }
    raw[name] = assignment.slice(eq + 1);
  }
  return raw;
}

/** A parameter as a plain, JSON-ready record: enough to print CLI help or build a web form field. */
export interface ParamDescription {
  readonly name: string;
  readonly type: ParamType;
  readonly description: string;
  readonly required: boolean;
  readonly default?: unknown;
  readonly min?: number;
  readonly max?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly values?: readonly string[];
  /** How to write it on the command line, e.g. `reuse=<int,...>`. */
  readonly usage: string;
  /** The accepted form in words, as used in error messages. */
  readonly expected: string;
}

const PLACEHOLDER: Record<ParamType, string> = {
  int: "<int>",
  number: "<number>",
  boolean: "<true|false>",
  string: "<string>",
  enum: "",
  "int-list": "<int,...>",
};

export function describeParams(schema: ParamSchema): ParamDescription[] {
  return Object.entries(schema).map(([name, spec]) => {
    const description: Record<string, unknown> = {
      name,
      type: spec.type,
      description: spec.description,
      required: spec.required === true && spec.default === undefined,
      usage: `${name}=${spec.type === "enum" ? `<${spec.values.join("|")}>` : PLACEHOLDER[spec.type]}`,
      expected: expectedForm(spec),
    };
    if (spec.default !== undefined) description.default = spec.default;
    if (spec.type === "enum") description.values = spec.values;
    if (spec.type === "int" || spec.type === "number" || spec.type === "int-list") {
      if (spec.min !== undefined) description.min = spec.min;
      if (spec.max !== undefined) description.max = spec.max;
    }
    if (spec.type === "int-list") {
      if (spec.minLength !== undefined) description.minLength = spec.minLength;
      if (spec.maxLength !== undefined) description.maxLength = spec.maxLength;
    }
    return description as unknown as ParamDescription;
  });
}

/** Help text, one parameter per line: `  reuse=<int,...>  Encoders that reuse attention (default: 4,6,8)`. */
export function formatParamsHelp(schema: ParamSchema, indent = "  "): string {
  const rows = describeParams(schema);
  const width = Math.max(0, ...rows.map((row) => row.usage.length));
  return rows
    .map((row) => {
      const notes: string[] = [];
      if (row.required) notes.push("required");
      if (row.default !== undefined) {
        notes.push(`default: ${Array.isArray(row.default) ? row.default.join(",") : String(row.default)}`);
      }
      if (row.type !== "enum" && row.type !== "string" && row.type !== "boolean") notes.push(row.expected);
      return `${indent}${row.usage.padEnd(width)}  ${row.description}${notes.length ? ` (${notes.join("; ")})` : ""}`;
    })
    .join("\n");
}

/**
 * Check a schema itself (used when a method registers): every spec has a known type and a description,
 * bounds are ordered, enums are non-empty, and each default passes its own spec.
 */
export function checkParamSchema(schema: ParamSchema, owner: string): void {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) {
    throw new RegistryError(`${owner}: "params" must be an object of parameter specs, got ${typeof schema}.`);
  }
  for (const [name, spec] of Object.entries(schema)) {
    const where = `${owner}, parameter "${name}"`;
    if (!spec || !(spec.type in PLACEHOLDER)) {
      throw new RegistryError(
        `${where}: unknown type ${JSON.stringify(spec?.type)}; use one of ${Object.keys(PLACEHOLDER).join(", ")}.`,
      );
    }
    if (typeof spec.description !== "string" || spec.description === "") {
      throw new RegistryError(`${where}: add a one-line "description".`);
    }
    if (spec.type === "enum" && (!Array.isArray(spec.values) || spec.values.length === 0)) {
      throw new RegistryError(`${where}: an enum needs a non-empty "values" list.`);
    }
    if ((spec.type === "int" || spec.type === "number" || spec.type === "int-list") && spec.min !== undefined) {
      if (spec.max !== undefined && spec.min > spec.max) {
        throw new RegistryError(`${where}: min ${spec.min} is above max ${spec.max}.`);
      }
    }
    if (spec.default !== undefined) {
      try {
        parseParam(name, spec, spec.default);
      } catch (error) {
        throw new RegistryError(`${where}: the default does not fit the spec. ${(error as Error).message}`);
      }
    }
  }
}
