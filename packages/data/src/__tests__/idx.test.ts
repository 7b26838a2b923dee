import { describe, expect, it } from "vitest";
import { DataFormatError } from "../errors.js";
import { encodeIdx, parseIdx } from "../idx.js";

describe("parseIdx", () => {
  it("reads a hand-written uint8 rank-2 file", () => {
    // magic 00 00 08 02, dims 2 × 3, then 6 bytes.
    const bytes = new Uint8Array([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 250, 251, 252]);
    const a = parseIdx(bytes);
    expect(a.dtype).toBe("uint8");
    expect(a.dims).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 250, 251, 252]);
  });

  it("reads big-endian int16, int32, float32, float64 and int8", () => {
    const i16 = parseIdx(new Uint8Array([0, 0, 0x0b, 1, 0, 0, 0, 2, 0xff, 0xfe, 0x01, 0x00]));
    expect(Array.from(i16.data)).toEqual([-2, 256]);
    const i32 = parseIdx(new Uint8Array([0, 0, 0x0c, 1, 0, 0, 0, 1, 0x80, 0, 0, 1]));
    expect(Array.from(i32.data)).toEqual([-2147483647]);
    // 1.5f = 0x3fc00000; -2.0 (double) = 0xc000000000000000.
    const f32 = parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 1, 0x3f, 0xc0, 0, 0]));
    expect(Array.from(f32.data)).toEqual([1.5]);
    const f64 = parseIdx(new Uint8Array([0, 0, 0x0e, 1, 0, 0, 0, 1, 0xc0, 0, 0, 0, 0, 0, 0, 0]));
    expect(Array.from(f64.data)).toEqual([-2]);
    const i8 = parseIdx(new Uint8Array([0, 0, 0x09, 1, 0, 0, 0, 2, 0xff, 0x7f]));
    expect(Array.from(i8.data)).toEqual([-1, 127]);
  });

  it("reads rank 0 (a scalar) and an empty dimension", () => {
    expect(Array.from(parseIdx(new Uint8Array([0, 0, 8, 0, 42])).data)).toEqual([42]);
    expect(parseIdx(new Uint8Array([0, 0, 8, 2, 0, 0, 0, 0, 0, 0, 0, 5])).data.length).toBe(0);
  });

  it("round-trips through encodeIdx for every dtype", () => {
    const cases = [
      { dtype: "uint8", data: new Uint8Array([0, 255, 7, 9]) },
      { dtype: "int8", data: new Int8Array([-128, 127, 0, -1]) },
      { dtype: "int16", data: new Int16Array([-32768, 32767, 1, -1]) },
      { dtype: "int32", data: new Int32Array([-(2 ** 31), 2 ** 31 - 1, 5, -5]) },
      { dtype: "float32", data: new Float32Array([Math.fround(0.1), -3, 1e-20, 7]) },
      { dtype: "float64", data: new Float64Array([0.1, -3, 1e-300, Math.PI]) },
    ] as const;
    for (const c of cases) {
      const back = parseIdx(encodeIdx({ dtype: c.dtype, dims: [2, 2], data: c.data }));
      expect(back.dtype).toBe(c.dtype);
      expect(back.dims).toEqual([2, 2]);
      expect(Array.from(back.data)).toEqual(Array.from(c.data));
    }
  });

  it("names the file, expectation and finding for bad magic, type, truncation and trailing bytes", () => {
    expect(() => parseIdx(new Uint8Array([1, 0, 8, 1]), "x.idx")).toThrow(/x\.idx: expected an IDX magic number starting 00 00 but found 01 00/);
    expect(() => parseIdx(new Uint8Array([0, 0, 7, 1, 0, 0, 0, 0]), "x.idx")).toThrow(/unknown IDX element type byte 07/);
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 2, 0, 0, 0, 2]), "x.idx")).toThrow(/rank 2 \(12 header bytes\).*only 8 bytes — truncated/);
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 1, 2]), "x.idx")).toThrow(
      /dims \[3\] of uint8 need 11 bytes but the file has 10 — truncated; re-download/,
    );
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 1, 1, 2]), "x.idx")).toThrow(/has trailing bytes/);
    expect(() => parseIdx(new Uint8Array([0x1f, 0x8b, 8, 0]), "x.gz")).toThrow(/found gzip data/);
    expect(() => parseIdx(new Uint8Array([0, 0]))).toThrow(DataFormatError);
  });
});
