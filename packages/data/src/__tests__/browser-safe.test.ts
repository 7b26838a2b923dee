import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The root entry must stay usable in a browser: only src/node/ may touch Node APIs.
describe("browser-safe root entry", () => {
  const dir = new URL("../", import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
  it("has files to check", () => expect(files.length).toBeGreaterThan(3));
  for (const f of files) {
    it(`${f} imports no Node module and uses no Node global`, () => {
      const src = readFileSync(new URL(f, dir), "utf8").replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, "");
      expect(src).not.toMatch(/from\s+["'](node:|fs|zlib|path|url|os)["'/]|require\(|\bprocess\.|\bBuffer\b|__dirname/);
      expect(src).not.toMatch(/from\s+["']\.\/node\//);
    });
  }
});
