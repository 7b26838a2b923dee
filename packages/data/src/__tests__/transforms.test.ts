import { describe, expect, it } from "vitest";
import type { RgbImage } from "../image-decode.js";
import {
  bicubicKernel,
  centerCrop,
  IMAGENET_DEFAULT_MEAN,
  IMAGENET_DEFAULT_STD,
  imagenetEvalTransform,
  resizeBicubic,
  roundHalfEven,
  shorterSideSize,
} from "../transforms.js";
import pil from "./fixtures/pil-bicubic.json" with { type: "json" };

/** The pattern of scripts/make-pil-fixtures.py. */
function pattern(w: number, h: number): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) data[(y * w + x) * 3 + c] = (y * 53 + x * 97 + c * 31 + ((x * y) % 17) * 13) % 256;
  return { width: w, height: h, data };
}

describe("bicubic resize (Pillow semantics)", () => {
  it("kernel values at hand-computed points (a = -0.5)", () => {
    expect(bicubicKernel(0)).toBe(1);
    expect(bicubicKernel(0.25)).toBe(0.8671875); // (1.5·0.25 − 2.5)·0.0625 + 1
    expect(bicubicKernel(-0.75)).toBe(0.2265625); // (1.5·0.75 − 2.5)·0.5625 + 1
    expect(bicubicKernel(1.25)).toBe(-0.0703125); // (((1.25−5)·1.25+8)·1.25−4)·(−0.5)
    expect(bicubicKernel(1)).toBeCloseTo(0, 15);
    expect(bicubicKernel(2)).toBeCloseTo(0, 15);
  });

  it("hand-computed 4→2 horizontal shrink", () => {
    // Scale 2 widens the kernel to support 4; taps at (x − centre + 0.5)/2. Output 0 (centre 1):
    // weights k(−.25), k(.25), k(.75), k(1.25) = .8671875, .8671875, .2265625, −.0703125 (sum 1.890625),
    // so (10·.8671875 + 50·.8671875 + 200·.2265625 − 90·.0703125)/1.890625 = 48.14 → 48.
    // Output 1 (centre 3): weights reversed → (−0.703125 + 11.328125 + 173.4375 + 78.046875)/1.890625 = 138.64 → 139.
    const row = [10, 50, 200, 90];
    const img = { width: 4, height: 1, data: Uint8Array.from(row.flatMap((v) => [v, v, v])) };
    const out = resizeBicubic(img, 2, 1);
    expect([...out.data]).toEqual([48, 48, 48, 139, 139, 139]);
  });

  it(`matches Pillow ${pil.pillow} byte for byte`, () => {
    for (const c of pil.resize) {
      const out = resizeBicubic(pattern(c.from[0], c.from[1]), c.to[0], c.to[1]);
      expect([out.width, out.height]).toEqual(c.to);
      expect([...out.data]).toEqual(c.data);
    }
  });

  it("keeps a constant image constant and returns a copy at the same size", () => {
    const img = { width: 37, height: 23, data: new Uint8Array(37 * 23 * 3).fill(173) };
    for (const [w, h] of [[5, 9], [80, 41], [37, 23]]) {
      const out = resizeBicubic(img, w, h);
      expect(out.data.every((v) => v === 173)).toBe(true);
      expect(out.data).not.toBe(img.data);
    }
  });
});

describe("timm eval transform", () => {
  it("sizes and crops like torchvision (truncation, round-half-even)", () => {
    expect(shorterSideSize(500, 375, 256)).toEqual({ width: 341, height: 256 }); // 256·500/375 = 341.33
    expect(shorterSideSize(31, 18, 9)).toEqual({ width: 15, height: 9 }); // 15.5 truncates
    expect([roundHalfEven(0.5), roundHalfEven(1.5), roundHalfEven(2.5), roundHalfEven(3.5), roundHalfEven(2.4)]).toEqual([0, 2, 2, 4, 2]);
    const img = pattern(6, 4);
    const c = centerCrop(img, 3, 3); // left round(1.5) = 2, top round(0.5) = 0
    expect([...c.data.subarray(0, 3)]).toEqual([...img.data.subarray(6, 9)]);
    const p = centerCrop({ width: 1, height: 1, data: Uint8Array.of(9, 9, 9) }, 3, 2); // padded: left 1, top 0
    expect([...p.data]).toEqual([0, 0, 0, 9, 9, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("normalises a constant image to the hand-computed (v/255 − mean)/std", () => {
    const v = 200;
    const img = { width: 300, height: 200, data: new Uint8Array(300 * 200 * 3).fill(v) };
    const out = imagenetEvalTransform(img, { size: 16 });
    expect(out.length).toBe(3 * 16 * 16);
    for (let c = 0; c < 3; c++) {
      const want = (v / 255 - IMAGENET_DEFAULT_MEAN[c]) / IMAGENET_DEFAULT_STD[c];
      for (let i = 0; i < 256; i++) expect(out[c * 256 + i]).toBeCloseTo(want, 5);
    }
    expect(out[0]).toBeCloseTo(1.3070, 4); // (0.7843 − 0.485)/0.229
  });

  it("matches Pillow + numpy float32 (ToTensor, Normalize) exactly", () => {
    for (const c of pil.eval) {
      const out = imagenetEvalTransform(pattern(c.from[0], c.from[1]), { size: c.size, cropPct: c.cropPct });
      expect([...out]).toEqual(c.data);
    }
  });

  it("rejects bad options with the setting's name", () => {
    const img = pattern(4, 4);
    expect(() => imagenetEvalTransform(img, { cropPct: 0 })).toThrow(/cropPct/);
    expect(() => imagenetEvalTransform(img, { std: [1, 0, 1] })).toThrow(/std/);
    expect(() => resizeBicubic(img, 0, 3)).toThrow(/positive integers/);
  });
});
