import { describe, expect, test } from "vitest";
import {
  NonFiniteError,
  Parameter,
  SerializationError,
  ShapeError,
  crc32,
  loadInto,
  loadTensors,
  saveTensors,
  tensor,
} from "../index.js";

const sample = () => ({
  "blocks.0.w": tensor([1.5, -2, 3.25, 1e-30, -0, 7], [2, 3]),
  "blocks.0.b": tensor([0.125], [1]),
  scalar: tensor([42], []),
  empty: tensor([], [0, 4]),
});

describe("TRXW save/load", () => {
  test("CRC-32 matches the standard check value", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  test("round trip keeps names, order, shapes and exact values", () => {
    const bytes = saveTensors(sample());
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe("TRXW");
    const back = loadTensors(bytes);
    expect([...back.keys()]).toEqual(["blocks.0.w", "blocks.0.b", "scalar", "empty"]);
    for (const [name, t] of Object.entries(sample())) {
      expect(back.get(name)?.shape).toEqual(t.shape);
      expect(Array.from(back.get(name)?.data ?? [])).toEqual(Array.from(t.data));
    }
    // A copy at an odd byte offset (as from a larger buffer) reads the same.
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(loadTensors(shifted.subarray(1)).get("blocks.0.w")?.toArray()).toEqual(sample()["blocks.0.w"].toArray());
  });

  test("loadInto copies into parameters and bumps their version", () => {
    const w = new Parameter(new Float32Array(6), [2, 3], "w");
    const b = new Parameter(new Float32Array(1), [1], "b");
    const bytes = saveTensors({ w: sample()["blocks.0.w"], b: sample()["blocks.0.b"] });
    const report = loadInto({ w, b }, bytes);
    expect(report.loaded).toEqual(["w", "b"]);
    expect(w.toArray()).toEqual(sample()["blocks.0.w"].toArray());
    expect(w.version).toBe(1);
    const other = new Parameter(new Float32Array(1), [1]);
    expect(() => loadInto({ w, other }, bytes)).toThrow(/missing from file: \[other\]; not in model: \[b\]/);
    expect(loadInto({ w, other }, bytes, false)).toEqual({ loaded: ["w"], missing: ["other"], unexpected: ["b"] });
    expect(() => loadInto({ w: new Parameter(new Float32Array(6), [3, 2]) }, saveTensors({ w }))).toThrow(ShapeError);
  });

  test("truncated, corrupt and foreign files give typed errors naming the problem", () => {
    const bytes = saveTensors(sample());
    expect(() => loadTensors(bytes.subarray(0, 8))).toThrow(/shorter than the 12-byte prefix/);
    expect(() => loadTensors(bytes.subarray(0, bytes.length - 4))).toThrow(/truncated/);
    expect(() => loadTensors(bytes.subarray(0, 30))).toThrow(SerializationError);
    const extra = new Uint8Array(bytes.length + 2);
    extra.set(bytes);
    expect(() => loadTensors(extra)).toThrow(/trailing bytes/);
    const magic = Uint8Array.from(bytes);
    magic[0] = 0x50;
    expect(() => loadTensors(magic)).toThrow(/bad magic/);
    const version = Uint8Array.from(bytes);
    version[4] = 9;
    expect(() => loadTensors(version)).toThrow(/version 9 is not supported/);
    const flipped = Uint8Array.from(bytes);
    flipped[flipped.length - 20] ^= 0x01;
    expect(() => loadTensors(flipped)).toThrow(/checksum/);
    const header = Uint8Array.from(bytes);
    header[13] = 0x7b; // break the JSON
    expect(() => loadTensors(header)).toThrow(/header is not valid UTF-8 JSON/);
  });

  test("non-finite weights are a NonFiniteError naming the tensor", () => {
    const bytes = saveTensors({ good: tensor([1, 2]), bad: tensor([0, Number.NaN, 1]) });
    expect(() => loadTensors(bytes)).toThrow(NonFiniteError);
    expect(() => loadTensors(bytes)).toThrow(/"bad" holds NaN at element 1/);
  });

  test("duplicate or empty names are rejected on save", () => {
    expect(() => saveTensors([["a", tensor([1])], ["a", tensor([2])]])).toThrow(SerializationError);
    expect(() => saveTensors({ "": tensor([1]) })).toThrow(/empty or repeated/);
  });
});
