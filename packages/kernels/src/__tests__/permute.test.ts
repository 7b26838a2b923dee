import { describe, expect, test } from "vitest";
import { KernelShapeError } from "../errors.js";
import { backends } from "./backends.js";
import { randomArray } from "./reference.js";

// Axis permutations on every backend against an element-by-element reference: unravel each output index,
// map it through perm, ravel it in the input. A permutation moves values, so results must match exactly.

function permuteRef(x: Float32Array, shape: number[], perm: number[]): Float32Array {
  const n = shape.length;
  const outShape = perm.map((p) => shape[p]);
  const out = new Float32Array(x.length);
  const idx = new Array<number>(n);
  for (let o = 0; o < out.length; o++) {
    let rest = o;
    for (let d = n - 1; d >= 0; d--) {
      idx[d] = rest % outShape[d];
      rest = Math.floor(rest / outShape[d]);
    }
    let src = 0;
    for (let a = 0; a < n; a++) src = src * shape[a] + idx[perm.indexOf(a)];
    out[o] = x[src];
  }
  return out;
}

const CASES: [number[], number[]][] = [
  [[2, 5, 3, 4, 16], [2, 0, 3, 1, 4]], // attention head split [B,T,3,H,dh] → [3,B,H,T,dh]
  [[3, 2, 4, 7, 5], [1, 2, 3, 0, 4]], // its inverse on odd sizes
  [[2, 4, 5, 16], [0, 2, 1, 3]], // head merge [B,H,T,dh] → [B,T,H,dh]
  [[3, 5, 7, 6], [0, 2, 1, 3]],
  [[2, 6, 9], [0, 2, 1]], // patch tokens [B,d,hw] → [B,hw,d]: strided innermost axis
  [[1, 1, 3], [2, 1, 0]],
  [[7], [0]],
  [[5, 1], [1, 0]],
  [[1, 9], [1, 0]],
  [[4, 3], [0, 1]],
  [[2, 3, 1, 5, 2, 3], [5, 3, 0, 4, 2, 1]],
];

describe.each(backends)("permute on $name", (K) => {
  test.each(CASES)("shape %j by %j matches the index-by-index reference", (shape, perm) => {
    const size = shape.reduce((p, d) => p * d, 1);
    const x = randomArray(size + perm[0], size, 3);
    const out = new Float32Array(size);
    K.permute(x, out, shape, perm);
    expect(Array.from(out)).toEqual(Array.from(permuteRef(x, shape, perm)));
  });

  test("empty tensors and scalars", () => {
    const out = new Float32Array(0);
    K.permute(new Float32Array(0), out, [3, 0, 2], [2, 0, 1]);
    const s = new Float32Array(1);
    K.permute(new Float32Array([4.5]), s, [], []);
    expect(s[0]).toBe(4.5);
  });

  test("a non-permutation or a short buffer is a KernelShapeError naming the fix", () => {
    const x = new Float32Array(6);
    expect(() => K.permute(x, new Float32Array(6), [2, 3], [0, 0])).toThrow(KernelShapeError);
    expect(() => K.permute(x, new Float32Array(6), [2, 3], [1, 0, 2])).toThrow(/not a permutation/);
    expect(() => K.permute(x, new Float32Array(5), [2, 3], [1, 0])).toThrow(/out has 5 elements/);
  });
});
