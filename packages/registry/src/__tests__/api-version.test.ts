import { describe, expect, it } from "vitest";
import { checkApiVersion, PLUGIN_API_VERSION, PluginVersionError } from "../index.js";

describe("checkApiVersion", () => {
  it("accepts the same major with an equal or older minor", () => {
    expect(() => checkApiVersion("p", "1.0", "1.2")).not.toThrow();
    expect(() => checkApiVersion("p", "1.2", "1.2")).not.toThrow();
    expect(() => checkApiVersion("p", "1", "1.2")).not.toThrow();
    expect(() => checkApiVersion("p", "1.1.7", "1.2")).not.toThrow();
    expect(() => checkApiVersion("p", PLUGIN_API_VERSION)).not.toThrow();
  });

  it("refuses another major, a newer minor and malformed versions, naming plugin and both versions", () => {
    expect(() => checkApiVersion("acme", "2.0", "1.2")).toThrow(
      'Plugin "acme" targets plugin API 2.0, but this registry supports 1.2 (major version 2 differs from 1). ' +
        "Use a plugin release built for API 1.x.",
    );
    expect(() => checkApiVersion("acme", "0.9", "1.2")).toThrow(/major version 0 differs from 1/);
    expect(() => checkApiVersion("acme", "1.3", "1.2")).toThrow(/needs API features newer than 1\.2/);
    expect(() => checkApiVersion("acme", "v1", "1.2")).toThrow(PluginVersionError);
    expect(() => checkApiVersion("acme", undefined, "1.2")).toThrow(/targets plugin API undefined/);
    expect(() => checkApiVersion("acme", 1, "1.2")).toThrow(/must be a string like "1.0"/);
  });
});
