import { describe, expect, test } from "vitest";
import { KernelShapeError } from "../errors.js";
import type { BinaryOp } from "../kernels.js";
import { backends } from "./backends.js";
import { randomArray } from "./reference.js";

// Elementwise kernels on every backend against Math.fround of the float64 operation: a single operation
// on two floats rounded once to float32 is exact to specify, so results must match bit for bit.

const OPS: [BinaryOp, (x: number, y: number) => number][] = [
  ["add", (x, y) => x + y],
  ["sub", (x, y) => x - y],
  ["mul", (x, y) => x * y],
  ["div", (x, y) => x / y],
];
const LENGTHS = [0, 1, 3, 4, 5, 17, 1001];

describe.each(backends)("elementwise on $name", (K) => {
  test.each(OPS)("%s on ragged lengths, including in place", (op, f) => {
    for (const n of LENGTHS) {
      const a = randomArray(n + 1, n, 3);
      const b = randomArray(n + 2, n, 2);
      const want = Array.from(a, (x, i) => Math.fround(f(x, b[i])));
      const out = new Float32Array(n);
      K.binary(op, a, b, out);
      expect(Array.from(out)).toEqual(want);
      K.binary(op, a, b, a); // out aliasing a
      expect(Array.from(a)).toEqual(want);
    }
  });

  test("division by zero and infinities follow IEEE", () => {
    const a = new Float32Array([1, -1, 0, Infinity, 2]);
    const b = new Float32Array([0, 0, 0, Infinity, -Infinity]);
    const out = new Float32Array(5);
    K.binary("div", a, b, out);
    expect(Array.from(out)).toEqual([Infinity, -Infinity, Number.NaN, Number.NaN, -0]);
  });

  test("scale rounds the float64 product once, for scalars float32 cannot hold", () => {
    for (const n of LENGTHS) {
      for (const s of [1 / 3, -0.125, 1e-3, 7]) {
        const x = randomArray(n + 9, n, 5);
        const out = new Float32Array(n);
        K.scale(x, s, out);
        expect(Array.from(out)).toEqual(Array.from(x, (v) => Math.fround(v * s)));
      }
    }
  });

  test("unknown ops and unequal lengths are KernelShapeErrors", () => {
    const a = new Float32Array(4);
    expect(() => K.binary("pow" as BinaryOp, a, a, a)).toThrow(/not one of "add"/);
    expect(() => K.binary("add", a, new Float32Array(3), a)).toThrow(KernelShapeError);
    expect(() => K.scale(a, 2, new Float32Array(5))).toThrow(/elementwise kernels need arrays of equal length/);
  });
});
