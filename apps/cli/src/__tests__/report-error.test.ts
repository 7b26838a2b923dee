import { PluginVersionError, UnknownIdError } from "@trex/registry";
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { CliError } from "../errors.js";
import { isUserFacing, reportError } from "../report-error.js";

function capture() {
  let text = "";
  return { write: (s: string) => (text += s), text: () => text };
}

describe("reportError", () => {
  it("prints a typed error as one line and returns 1", () => {
    const err = capture();
    expect(reportError(new UnknownIdError("method", "x", ["a"]), err, false)).toBe(1);
    expect(err.text()).toBe('trex: Unknown method "x". Known methods: a.\n');
  });

  it("marks JavaScript's own errors as internal and points at TREX_DEBUG", () => {
    const err = capture();
    expect(reportError(new TypeError("x is undefined"), err, false)).toBe(1);
    expect(err.text()).toBe(
      "trex: internal error: TypeError: x is undefined\n(this is a bug in trex; run again with TREX_DEBUG=1 for the stack trace)\n",
    );
  });

  it("prints the stack and the cause in debug mode", () => {
    const err = capture();
    const error = new CliError("outer");
    error.cause = new Error("inner");
    reportError(error, err, true);
    expect(err.text()).toMatch(/^CliError: outer\n {4}at /);
    expect(err.text()).toMatch(/\nCaused by: Error: inner\n {4}at /);
  });

  it("passes commander's own exit codes through (help and version are 0)", () => {
    const err = capture();
    expect(reportError(new CommanderError(0, "commander.helpDisplayed", "(outputHelp)"), err, false)).toBe(0);
    expect(reportError(new CommanderError(1, "commander.unknownCommand", "x"), err, false)).toBe(1);
    expect(err.text()).toBe("");
  });

  it("classifies errors", () => {
    expect(isUserFacing(new PluginVersionError("p", "2.0", "1.0", "r"))).toBe(true);
    expect(isUserFacing(Object.assign(new Error("ENOENT: no such file"), { code: "ENOENT" }))).toBe(true);
    expect(isUserFacing(new RangeError("bad"))).toBe(false);
    expect(isUserFacing("a string")).toBe(false);
  });
});
