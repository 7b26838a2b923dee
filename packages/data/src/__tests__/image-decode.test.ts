import { deflateSync } from "node:zlib";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { DataFormatError } from "../errors.js";
import { decodeImage, sniffImageFormat } from "../image-decode.js";
import pilJpeg from "./fixtures/pil-jpeg.json" with { type: "json" };

const W = 7;
const H = 5;
const px = (x: number, y: number, c: number) => (x * 31 + y * 47 + c * 80) % 256;

function pngjsEncode(colorType: 0 | 2 | 4 | 6, bitDepth: 8): Uint8Array {
  const png = new PNG({ width: W, height: H, colorType, bitDepth, inputColorType: 6, inputHasAlpha: true });
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4;
      png.data[i] = px(x, y, 0);
      png.data[i + 1] = colorType === 0 || colorType === 4 ? px(x, y, 0) : px(x, y, 1);
      png.data[i + 2] = colorType === 0 || colorType === 4 ? px(x, y, 0) : px(x, y, 2);
      png.data[i + 3] = colorType === 4 || colorType === 6 ? 128 + x : 255; // opaque where the PNG has no alpha
    }
  return PNG.sync.write(png, { colorType, bitDepth, inputColorType: 6, inputHasAlpha: true });
}

/** A minimal PNG writer (filter 0 scanlines; rows hold samples) for what pngjs cannot write: palette, 2- and 16-bit. */
function handPng(colorType: number, depth: number, rows: number[][], plte?: number[]): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Uint8Array) => {
    let c = 0xffffffff;
    for (const v of b) c = crcTable[(c ^ v) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Uint8Array) => {
    const b = new Uint8Array(12 + data.length);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, data.length);
    b.set([...type].map((ch) => ch.charCodeAt(0)), 4);
    b.set(data, 8);
    dv.setUint32(8 + data.length, crc(b.subarray(4, 8 + data.length)));
    return b;
  };
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  const samplesPerPixel = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  dv.setUint32(0, rows[0].length / samplesPerPixel);
  dv.setUint32(4, rows.length);
  ihdr.set([depth, colorType, 0, 0, 0], 8);
  const raw: number[] = [];
  for (const r of rows) {
    raw.push(0);
    let acc = 0;
    let bits = 0;
    for (const v of r) {
      if (depth === 16) {
        raw.push(v >> 8, v & 255);
        continue;
      }
      acc = (acc << depth) | v;
      bits += depth;
      if (bits === 8) {
        raw.push(acc);
        acc = 0;
        bits = 0;
      }
    }
    if (bits > 0) raw.push(acc << (8 - bits));
  }
  const parts = [Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), chunk("IHDR", ihdr)];
  if (plte) parts.push(chunk("PLTE", Uint8Array.from(plte)));
  parts.push(chunk("IDAT", deflateSync(Uint8Array.from(raw))), chunk("IEND", new Uint8Array(0)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe("decodeImage: PNG", () => {
  for (const [colorType, depth] of [[2, 8], [6, 8], [0, 8], [4, 8]] as const) {
    it(`colour type ${colorType}, ${depth}-bit (pngjs encoder) → RGB, alpha dropped`, () => {
      const img = decodeImage(pngjsEncode(colorType, depth), "t.png");
      expect([img.width, img.height]).toEqual([W, H]);
      const grey = colorType === 0 || colorType === 4;
      for (let y = 0; y < H; y++)
        for (let x = 0; x < W; x++)
          for (let c = 0; c < 3; c++) expect(img.data[(y * W + x) * 3 + c]).toBe(px(x, y, grey ? 0 : c));
    });
  }

  it("16-bit RGBA and grey (hand-written PNGs) keep the high byte", () => {
    const rgba = [[px(0, 0, 0) * 256 + 200, px(0, 0, 1) * 256 + 7, px(0, 0, 2) * 256 + 255, 65535, 1000, 2000, 3000, 4000]];
    expect([...decodeImage(handPng(6, 16, rgba)).data]).toEqual([px(0, 0, 0), px(0, 0, 1), px(0, 0, 2), 3, 7, 11]);
    expect([...decodeImage(handPng(0, 16, [[513, 65535]])).data]).toEqual([2, 2, 2, 255, 255, 255]);
  });

  it("palette (4-bit indices) and 2-bit grey (hand-written PNGs)", () => {
    const plte = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30];
    const pal = decodeImage(handPng(3, 4, [[0, 1, 2], [3, 2, 1]], plte));
    expect([...pal.data]).toEqual([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 0, 0, 255, 0, 255, 0]);
    const g = decodeImage(handPng(0, 2, [[0, 1, 2, 3, 3]]));
    expect([...g.data].filter((_, i) => i % 3 === 0)).toEqual([0, 85, 170, 255, 255]);
  });

  it("truncated or corrupt PNG → DataFormatError naming the file", () => {
    const good = pngjsEncode(2, 8);
    expect(() => decodeImage(good.subarray(0, good.length - 20), "cut.png")).toThrow(DataFormatError);
    const bad = good.slice();
    bad[40] ^= 0xff; // inside IHDR/IDAT: the CRC check catches it
    expect(() => decodeImage(bad, "bad.png")).toThrow(/bad\.png: PNG decoding failed/);
  });
});

describe("decodeImage: JPEG", () => {
  it(`agrees with libjpeg (Pillow ${pilJpeg.pillow}) on files Pillow wrote`, () => {
    for (const f of pilJpeg.images) {
      const img = decodeImage(Uint8Array.from(Buffer.from(f.jpeg, "base64")), "pil.jpg");
      expect([img.width, img.height]).toEqual([f.width, f.height]);
      let worst = 0;
      let sum = 0;
      for (let i = 0; i < f.rgb.length; i++) {
        const d = Math.abs(img.data[i] - f.rgb[i]);
        worst = Math.max(worst, d);
        sum += d;
      }
      const subsampled = f.mode === "RGB" && (f.options as { subsampling?: number }).subsampling !== 0;
      if (subsampled) {
        // 4:2:0 chroma: libjpeg's "fancy" (triangular) upsampling vs jpeg-js's replication.
        expect(sum / f.rgb.length).toBeLessThan(5);
        expect(worst).toBeLessThanOrEqual(16);
      } else {
        expect(worst).toBeLessThanOrEqual(3);
      }
    }
  });

  it("round-trips a jpeg-js quality-100 encoding of a smooth image closely", () => {
    const w = 16;
    const h = 16;
    const rgba = new Uint8Array(w * h * 4);
    for (let i = 0; i < w * h; i++) rgba.set([(i % w) * 16, Math.floor(i / w) * 16, 128, 255], 4 * i);
    const enc = jpeg.encode({ width: w, height: h, data: rgba }, 100);
    const img = decodeImage(Uint8Array.from(enc.data), "q100.jpg");
    let sum = 0;
    for (let i = 0; i < w * h; i++) for (let c = 0; c < 3; c++) sum += Math.abs(img.data[3 * i + c] - rgba[4 * i + c]);
    expect(sum / (w * h * 3)).toBeLessThan(2);
  });

  it("corrupt JPEG and unknown formats → DataFormatError", () => {
    const f = Uint8Array.from(Buffer.from(pilJpeg.images[0].jpeg, "base64"));
    expect(() => decodeImage(f.subarray(0, 200), "cut.jpg")).toThrow(/cut\.jpg: JPEG decoding failed/);
    expect(() => decodeImage(Uint8Array.of(0x47, 0x49, 0x46, 0x38), "x.gif")).toThrow(/x\.gif: expected a PNG .* found 47 49 46 38/);
    expect(sniffImageFormat(f)).toBe("jpeg");
  });
});
