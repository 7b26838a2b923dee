import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type BlockSpec, type TransformerSpec, validateSpec } from "@trex/hw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createRegistry,
  PLUGIN_API_VERSION,
  PluginConfigError,
  PluginLoadError,
  PluginVersionError,
  validateParams,
} from "../index.js";
import { findPluginConfig, loadConfiguredPlugins, loadPlugins, readPluginConfig } from "../node.js";

let root: string;

/** A small but valid BERT-style spec with `depth` encoders. */
function tinyBert(depth: number): TransformerSpec {
  const block = (): BlockSpec => ({
    dim: 64,
    heads: 4,
    mlpHidden: 256,
    tokensIn: 16,
    tokensOut: 16,
    attention: { kind: "compute", qkvBias: true },
  });
  const spec: TransformerSpec = {
    family: "bert",
    name: "tiny-bert",
    embedding: { kind: "token", vocabSize: 100, maxPositions: 16, typeVocabSize: 2, layerNorm: true },
    tokens: 16,
    dim: 64,
    blocks: Array.from({ length: depth }, block),
    finalNorm: false,
    heads: [{ name: "cls", in: 64, out: 2, tokens: 1 }],
  };
  return validateSpec(spec);
}

function write(path: string, content: string | object): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
}

/** Source of a real plugin module: plain descriptors, plus a marker proving import has no side effects. */
function pluginSource(name: string, methodId: string, apiVersion = "1.0"): string {
  return `
export const trexPlugin = {
  apiVersion: ${JSON.stringify(apiVersion)},
  name: ${JSON.stringify(name)},
  methods: [{
    id: ${JSON.stringify(methodId)},
    kind: "reuse",
    description: "reuse attention every second encoder",
    apiVersion: "1.0",
    params: { stride: { type: "int", description: "reuse stride", default: 2, min: 1 } },
    // Every stride-th block (never block 0) reuses the previous block's attention through a TB.
    transformSpec(spec, params) {
      const tb = (dim) => ({ layers: [{ kind: "layernorm", dim }, { kind: "linear", in: dim, out: dim, bias: true }, { kind: "gelu" }] });
      const blocks = spec.blocks.map((b, i) =>
        i > 0 && i % params.stride === 0 ? { ...b, attention: { kind: "reuse", source: i - 1, transform: tb(b.dim) } } : b,
      );
      return { ...spec, blocks };
    },
  }],
  datasets: [{ id: ${JSON.stringify(`${methodId}-data`)}, description: "tiny dataset" }],
};
`;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "trex-registry-"));
  // A project configured through package.json: a package from node_modules and a local file.
  write("project/package.json", { name: "project", private: true, trex: { plugins: ["acme-plugin", "./local/plugin.mjs"] } });
  write("project/node_modules/acme-plugin/package.json", {
    name: "acme-plugin",
    type: "module",
    exports: {
      ".": { types: "./dist/index.d.ts", import: "./dist/index.js" },
      "./extra": { require: "./dist/extra.cjs", default: "./dist/extra.js" },
    },
  });
  write("project/node_modules/acme-plugin/dist/extra.js", pluginSource("acme-extra", "acme-extra-reuse"));
  write("project/node_modules/acme-plugin/dist/index.js", pluginSource("acme-plugin", "acme-reuse"));
  write("project/local/plugin.mjs", pluginSource("local-plugin", "local-reuse"));
  // A nested workspace package without a `trex` section is walked over.
  write("project/packages/app/package.json", { name: "app" });
  mkdirSync(join(root, "project/packages/app/src"), { recursive: true });

  // A project configured through trex.config.json, naming a plugin directory (its package.json "main").
  write("cfg/trex.config.json", { plugins: ["./plugins/dir-plugin"] });
  write("cfg/package.json", { name: "cfg", trex: { plugins: ["ignored-because-trex-config-wins"] } });
  write("cfg/plugins/dir-plugin/package.json", { name: "dir-plugin", type: "module", main: "main.js" });
  write("cfg/plugins/dir-plugin/main.js", pluginSource("dir-plugin", "dir-reuse"));

  write("bad/future.mjs", pluginSource("future-plugin", "future-reuse", "2.0"));
  write("bad/nothing.mjs", "export const somethingElse = 1;\n");
  write("bad/broken.mjs", "export const trexPlugin = {;\n");
  write("bad/throws.mjs", "throw new Error('boom at import');\n");
  write("badjson/trex.config.json", "{ plugins: [ }");
  write("badlist/trex.config.json", { plugins: "acme-plugin" });
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("plugin configuration discovery", () => {
  it("finds trex.plugins in the nearest package.json that has it, walking up", () => {
    const config = findPluginConfig(join(root, "project/packages/app/src"));
    expect(config).toEqual({
      file: join(root, "project/package.json"),
      baseDir: join(root, "project"),
      plugins: ["acme-plugin", "./local/plugin.mjs"],
    });
  });

  it("prefers trex.config.json over package.json in the same directory", () => {
    expect(findPluginConfig(join(root, "cfg/plugins"))?.plugins).toEqual(["./plugins/dir-plugin"]);
  });

  it("reports malformed configuration files", () => {
    expect(() => findPluginConfig(join(root, "badjson"))).toThrow(PluginConfigError);
    expect(() => findPluginConfig(join(root, "badjson"))).toThrow(/trex\.config\.json: it is not valid JSON/);
    expect(() => readPluginConfig(join(root, "badlist/trex.config.json"))).toThrow(
      /"plugins" must be a list of package names or paths/,
    );
  });
});

describe("loadPlugins", () => {
  it("loads plugins named in package.json (a package and a path) and registers their descriptors", async () => {
    const registry = createRegistry();
    const { config, plugins } = await loadConfiguredPlugins(registry, join(root, "project/packages/app/src"));
    expect(config?.file).toBe(join(root, "project/package.json"));
    expect(plugins.map((p) => p.id)).toEqual(["acme-plugin", "local-plugin"]);
    expect(registry.methods.ids()).toEqual(["acme-reuse", "local-reuse"]);
    expect(registry.datasets.ids()).toEqual(["acme-reuse-data", "local-reuse-data"]);
    expect(registry.methods.entries()[1].source).toBe("./local/plugin.mjs");

    // The loaded descriptor is the module's own object: its hook runs on a real TransformerSpec with
    // validated params, and @trex/hw accepts the result.
    const method = registry.getMethod("acme-reuse");
    const params = validateParams(method.params, { stride: "3" });
    const transformed = method.transformSpec?.(tinyBert(7), params);
    expect(transformed).toBeDefined();
    expect(() => validateSpec(transformed!)).not.toThrow();
    expect(transformed!.blocks.map((b) => (b.attention.kind === "reuse" ? b.attention.source : "compute"))).toEqual([
      "compute",
      "compute",
      "compute",
      2,
      "compute",
      "compute",
      5,
    ]);
  });

  it("loads a plugin directory named in trex.config.json", async () => {
    const registry = createRegistry();
    const { plugins } = await loadConfiguredPlugins(registry, join(root, "cfg"));
    expect(plugins.map((p) => [p.id, p.source])).toEqual([["dir-plugin", "./plugins/dir-plugin"]]);
    expect(registry.getMethod("dir-reuse").kind).toBe("reuse");
  });

  it("looks package names up in resolveFrom directories after baseDir", async () => {
    const registry = createRegistry();
    await loadPlugins(registry, ["acme-plugin"], { baseDir: join(root, "cfg"), resolveFrom: [join(root, "project")] });
    expect(registry.methods.ids()).toEqual(["acme-reuse"]);
  });

  it("resolves a package subpath through the exports map (import/default conditions)", async () => {
    const registry = createRegistry();
    await loadPlugins(registry, ["acme-plugin/extra"], { baseDir: join(root, "project") });
    expect(registry.methods.ids()).toEqual(["acme-extra-reuse"]);
    await expect(loadPlugins(registry, ["acme-plugin/missing"], { baseDir: join(root, "project") })).rejects.toThrow(
      /does not export "\.\/missing" for import\(\); add it to the package's "exports" map/,
    );
  });

  it("loads the same module once even if it is listed twice", async () => {
    const registry = createRegistry();
    const baseDir = join(root, "project");
    await loadPlugins(registry, ["./local/plugin.mjs"], { baseDir });
    const again = await loadPlugins(registry, ["./local/plugin.mjs", "./local/../local/plugin.mjs"], { baseDir });
    expect(again).toEqual([]);
    expect(registry.plugins.ids()).toEqual(["local-plugin"]);
  });

  it("refuses a plugin built for another API major, naming plugin and both versions", async () => {
    const registry = createRegistry();
    const load = loadPlugins(registry, ["./future.mjs"], { baseDir: join(root, "bad") });
    await expect(load).rejects.toBeInstanceOf(PluginVersionError);
    await expect(loadPlugins(registry, ["./future.mjs"], { baseDir: join(root, "bad") })).rejects.toThrow(
      `Plugin "future-plugin" targets plugin API 2.0, but this registry supports ${PLUGIN_API_VERSION}`,
    );
    expect(registry.methods.size).toBe(0);
  });

  it("explains modules that are missing, broken or export no trexPlugin", async () => {
    const registry = createRegistry();
    const baseDir = join(root, "bad");
    await expect(loadPlugins(registry, ["./missing.mjs"], { baseDir })).rejects.toThrow(
      `Cannot load plugin "./missing.mjs": ${join(baseDir, "missing.mjs")} does not exist; paths are relative to ${baseDir}.`,
    );
    await expect(loadPlugins(registry, ["no-such-plugin"], { baseDir })).rejects.toThrow(
      /package "no-such-plugin" is not installed in node_modules above/,
    );
    await expect(loadPlugins(registry, ["./nothing.mjs"], { baseDir })).rejects.toThrow(
      /nothing\.mjs does not export `trexPlugin`/,
    );
    await expect(loadPlugins(registry, ["./broken.mjs"], { baseDir })).rejects.toThrow(PluginLoadError);
    const error = await loadPlugins(registry, ["./throws.mjs"], { baseDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginLoadError);
    expect((error as Error).message).toMatch(/importing .*throws\.mjs failed: boom at import/);
    expect(((error as Error).cause as Error).message).toBe("boom at import");
  });
});
