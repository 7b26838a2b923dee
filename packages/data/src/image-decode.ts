import { convertIndexedToRgb, decode as decodePngRaw } from "fast-png";
import jpeg from "jpeg-js";
import { DataFormatError } from "./errors.js";

/** An 8-bit RGB image, row-major, channels interleaved (height×width×3), as PIL's `convert("RGB")` gives. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Which decoder `decodeImage` picks, by the file's magic bytes (not its name). */
export function sniffImageFormat(bytes: Uint8Array): "png" | "jpeg" | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  return undefined;
}

/** Decodes PNG or JPEG bytes to RGB (alpha dropped, grey replicated, palettes expanded, 16-bit → high byte). */
export function decodeImage(bytes: Uint8Array, name = "<bytes>"): RgbImage {
  const format = sniffImageFormat(bytes);
  if (format === "png") return decodePng(bytes, name);
  if (format === "jpeg") return decodeJpeg(bytes, name);
  const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ");
  throw new DataFormatError(
    `${name}: expected a PNG (89 50 4e 47) or JPEG (ff d8 ff) signature but found ${head || "an empty file"}; convert the image to PNG or JPEG or remove it from the folder`,
  );
}

/** Decodes a JPEG (baseline or progressive, grey, YCbCr or CMYK) to RGB with jpeg-js. */
export function decodeJpeg(bytes: Uint8Array, name = "<bytes>"): RgbImage {
  try {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false });
    return { width: img.width, height: img.height, data: img.data };
  } catch (e) {
    throw new DataFormatError(`${name}: JPEG decoding failed (${(e as Error).message}); the file is truncated or corrupt — re-export it`);
  }
}

/** Decodes a PNG of any colour type and bit depth to 8-bit RGB with fast-png. */
export function decodePng(bytes: Uint8Array, name = "<bytes>"): RgbImage {
  let png: ReturnType<typeof decodePngRaw>;
  try {
    png = decodePngRaw(bytes, { checkCrc: true });
  } catch (e) {
    throw new DataFormatError(`${name}: PNG decoding failed (${(e as Error).message}); the file is truncated or corrupt — re-export it`);
  }
  const { width, height, channels, depth } = png;
  const n = width * height;
  const out = new Uint8Array(n * 3);
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    const k = png.palette[0].length; // 3, or 4 when the palette carries alpha
    for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) out[3 * i + c] = rgb[k * i + c];
    return { width, height, data: out };
  }
  const samples = unpack(png.data, width, height, channels, depth);
  const grey = channels <= 2;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[3 * i + c] = samples[channels * i + (grey ? 0 : c)];
  }
  return { width, height, data: out };
}

/** Returns one 8-bit sample per channel: sub-byte grey depths scaled to 0..255, 16-bit cut to the high byte. */
function unpack(data: ArrayLike<number>, width: number, height: number, channels: number, depth: number): ArrayLike<number> {
  if (depth === 8) return data;
  if (depth === 16) return Uint8Array.from(data as ArrayLike<number>, (v) => v >> 8);
  const out = new Uint8Array(width * height * channels);
  const rowBytes = Math.ceil((width * channels * depth) / 8);
  const max = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width * channels; x++) {
      const bit = x * depth;
      const byte = data[y * rowBytes + (bit >> 3)];
      const v = (byte >> (8 - depth - (bit & 7))) & max;
      out[y * width * channels + x] = Math.round((v * 255) / max);
    }
  }
  return out;
}
