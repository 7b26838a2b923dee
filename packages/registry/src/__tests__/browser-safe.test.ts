import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Every source file reachable from `entry` through static and type imports, with its import specifiers. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string) => {
    if (graph.has(file)) return;
    const text = readFileSync(join(SRC, file), "utf8");
    const specifiers = [...text.matchAll(/(?:import|export)[^"']*?from\s+["']([^"']+)["']/g)].map((m) => m[1]);
    graph.set(file, specifiers);
    for (const specifier of specifiers) {
      if (specifier.startsWith("./")) visit(specifier.slice(2).replace(/\.js$/, ".ts"));
    }
  };
  visit(entry);
  return graph;
}

describe("@trex/registry core", () => {
  it("imports nothing Node-specific, so it bundles for the browser", () => {
    const graph = importGraph("index.ts");
    expect(graph.size).toBeGreaterThan(5);
    const external = [...graph.values()].flat().filter((s) => !s.startsWith("./"));
    expect(external.filter((s) => s.startsWith("node:") || ["fs", "path", "url", "module"].includes(s))).toEqual([]);
    expect([...graph.keys()].filter((file) => file.startsWith("node"))).toEqual([]);
  });

  it("keeps discovery in the node entry", () => {
    const external = [...importGraph("node.ts").values()].flat();
    expect(external).toContain("node:fs");
  });
});
