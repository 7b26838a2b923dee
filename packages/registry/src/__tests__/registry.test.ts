import { describe, expect, it } from "vitest";
import {
  createRegistry,
  DuplicateIdError,
  type MethodPlugin,
  PluginVersionError,
  Registry,
  RegistryError,
  UnknownIdError,
} from "../index.js";
import { reuseMethod } from "./fixtures.js";

describe("Registry", () => {
  it("registers, gets and lists by id, sorted whatever the registration order", () => {
    const registry = new Registry<{ id: string; size: number }>("widget");
    registry.register({ id: "b", size: 2 });
    registry.register({ id: "a", size: 1 });
    expect(registry.get("a").size).toBe(1);
    expect(registry.has("b")).toBe(true);
    expect(registry.has("c")).toBe(false);
    expect(registry.list().map((w) => w.id)).toEqual(["a", "b"]);
    expect(registry.ids()).toEqual(["a", "b"]);
    expect(registry.size).toBe(2);
  });

  it("throws DuplicateIdError naming both sources", () => {
    const registry = new Registry<{ id: string }>("widget");
    registry.register({ id: "a" }, { source: "plugin-one" });
    const error = (() => {
      try {
        registry.register({ id: "a" }, { source: "plugin-two" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DuplicateIdError);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as Error).message).toBe(
      'Duplicate widget id "a": already registered by plugin-one, registered again by plugin-two. ' +
        "Rename one of them or load only one of the plugins.",
    );
    expect(registry.size).toBe(1);
  });

  it("throws UnknownIdError listing the known ids", () => {
    const registry = new Registry<{ id: string }>("widget");
    expect(() => registry.get("x")).toThrow(
      'Unknown widget "x": no widgets are registered. Add a plugin that provides one to trex.config.json ("plugins": [...]).',
    );
    registry.register({ id: "zeta" });
    registry.register({ id: "alpha" });
    let caught: unknown;
    try {
      registry.get("beta");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UnknownIdError);
    expect((caught as UnknownIdError).known).toEqual(["alpha", "zeta"]);
    expect((caught as Error).message).toBe('Unknown widget "beta". Known widgets: alpha, zeta.');
  });

  it("rejects ids that are not command-line safe, and non-objects", () => {
    const registry = new Registry<{ id: string }>("widget");
    for (const id of ["", " a", "a b", "-a", "a/b"]) {
      expect(() => registry.register({ id })).toThrow(RegistryError);
    }
    expect(() => registry.register({ id: 3 } as unknown as { id: string })).toThrow(/id 3/);
    expect(() => registry.register(null as unknown as { id: string })).toThrow(/expected a descriptor object/);
    expect(registry.size).toBe(0);
  });

  it("freezes registered descriptors", () => {
    const registry = new Registry<{ id: string; n: number }>("widget");
    const item = registry.register({ id: "a", n: 1 });
    expect(Object.isFrozen(item)).toBe(true);
    expect(() => {
      (item as { n: number }).n = 2;
    }).toThrow(TypeError);
  });
});

describe("TrexRegistry", () => {
  it("has the four extension points with registerX / getX / listX", () => {
    const registry = createRegistry();
    registry.registerMethod(reuseMethod());
    registry.registerModel({ id: "deit-tiny", description: "DeiT-Tiny", task: "image-classification" });
    registry.registerDataset({ id: "fashion-mnist", description: "Fashion-MNIST" });
    registry.registerHardwarePreset({ id: "fefet", description: "FeFET crossbars", config: { bitsPerCell: 2 } });
    expect(registry.getMethod("trex-reuse").kind).toBe("reuse");
    expect(registry.getModel("deit-tiny").task).toBe("image-classification");
    expect(registry.getDataset("fashion-mnist").id).toBe("fashion-mnist");
    expect(registry.getHardwarePreset("fefet").config).toEqual({ bitsPerCell: 2 });
    expect(registry.listMethods()).toHaveLength(1);
    expect(registry.listModels()).toHaveLength(1);
    expect(registry.listDatasets()).toHaveLength(1);
    expect(registry.listHardwarePresets()).toHaveLength(1);
    expect(() => registry.getModel("deit-base")).toThrow('Unknown model "deit-base". Known models: deit-tiny.');
    expect(() => registry.getHardwarePreset("sram")).toThrow(/Unknown hardware preset "sram"\. Known hardware presets: fefet/);
  });

  it("validates method descriptors: kind, description, API version, parameter schema, hooks", () => {
    const registry = createRegistry();
    const bad = (patch: Partial<Record<keyof MethodPlugin, unknown>>) =>
      ({ ...reuseMethod(), ...patch }) as unknown as MethodPlugin;
    expect(() => registry.registerMethod(bad({ kind: "pruning" }))).toThrow(
      'method "trex-reuse": unknown kind "pruning"; use one of reuse, token-pruning, weight-sharing, other.',
    );
    expect(() => registry.registerMethod(bad({ description: "" }))).toThrow(/add a one-line "description"/);
    expect(() => registry.registerMethod(bad({ apiVersion: "2.0" }))).toThrow(PluginVersionError);
    expect(() => registry.registerMethod(bad({ apply: "yes" }))).toThrow(/"apply" must be a function/);
    expect(() =>
      registry.registerMethod(bad({ params: { k: { type: "int", description: "k", default: 0.5 } } })),
    ).toThrow(/parameter "k": the default does not fit the spec/);
    expect(() =>
      registry.registerMethod(bad({ params: { k: { type: "int", description: "k", min: 3, max: 1 } } })),
    ).toThrow(/min 3 is above max 1/);
    expect(() => registry.registerMethod(bad({ params: { k: { type: "float", description: "k" } } }))).toThrow(
      /unknown type "float"/,
    );
    expect(() => registry.registerMethod(bad({ params: { k: { type: "enum", values: [], description: "k" } } }))).toThrow(
      /non-empty "values"/,
    );
    expect(registry.listMethods()).toEqual([]);
  });

  it("registers a plugin module all or nothing", () => {
    const registry = createRegistry();
    registry.registerMethod(reuseMethod("taken"), { source: "first-plugin" });
    const plugin = {
      apiVersion: "1.0",
      name: "@acme/methods",
      methods: [reuseMethod("fresh"), reuseMethod("taken")],
      models: [{ id: "m", description: "a model" }],
    };
    expect(() => registry.registerPlugin(plugin, { source: "./acme.js" })).toThrow(
      'Duplicate method id "taken": already registered by first-plugin, registered again by ./acme.js.',
    );
    expect(registry.methods.ids()).toEqual(["taken"]);
    expect(registry.models.size).toBe(0);
    expect(registry.plugins.size).toBe(0);

    const twice = { apiVersion: "1.0", name: "twice", methods: [reuseMethod("x"), reuseMethod("x")] };
    expect(() => registry.registerPlugin(twice)).toThrow(DuplicateIdError);
    expect(registry.methods.has("x")).toBe(false);
  });

  it("records which plugin provided what, and refuses the same plugin name twice", () => {
    const registry = createRegistry();
    const loaded = registry.registerPlugin(
      { apiVersion: "1.0", name: "@acme/methods", methods: [reuseMethod("r")] },
      { source: "./acme.js" },
    );
    expect(loaded).toEqual({
      id: "@acme/methods",
      apiVersion: "1.0",
      source: "./acme.js",
      methods: ["r"],
      models: [],
      datasets: [],
      hardwarePresets: [],
    });
    expect(registry.methods.entries()[0].source).toBe("./acme.js");
    expect(() => registry.registerPlugin({ apiVersion: "1.0", name: "@acme/methods" })).toThrow(
      /Duplicate plugin id "@acme\/methods"/,
    );
  });

  it("refuses malformed plugin modules with a message saying what to export", () => {
    const registry = createRegistry();
    expect(() => registry.registerPlugin(undefined as never, { source: "./x.js" })).toThrow(/from \.\/x\.js is not an object/);
    expect(() => registry.registerPlugin({ apiVersion: "1.0" } as never)).toThrow(/has no "name"/);
    expect(() => registry.registerPlugin({ apiVersion: "1.0", name: "p", methods: {} } as never)).toThrow(
      'Plugin "p": "methods" must be an array of descriptors.',
    );
    expect(() =>
      registry.registerPlugin({ apiVersion: "1.0", name: "p", hardwarePresets: [{ id: "h", description: "d" }] } as never),
    ).toThrow(/hardware preset "h" \(from p\): "config" is missing/);
  });
});
