import { DataFormatError } from "./errors.js";

/** IDX element types, keyed by the type byte of the magic number (see the IDX spec, LeCun et al.). */
export type IdxDtype = "uint8" | "int8" | "int16" | "int32" | "float32" | "float64";

/** A parsed IDX array: row-major `data` with shape `dims`. */
export interface IdxArray {
  dtype: IdxDtype;
  dims: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

// Type byte → element type; keys are the spec's hex codes 0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e.
const TYPES: Record<number, { dtype: IdxDtype; size: number }> = {
  8: { dtype: "uint8", size: 1 },
  9: { dtype: "int8", size: 1 },
  11: { dtype: "int16", size: 2 },
  12: { dtype: "int32", size: 4 },
  13: { dtype: "float32", size: 4 },
  14: { dtype: "float64", size: 8 },
};

const FIX = "re-download or reinstall the dataset (e.g. `apt-get install --reinstall dataset-fashion-mnist`)";

/**
 * Parses an uncompressed IDX file (any element type, any rank; big-endian, as the spec says).
 * `name` is used in error messages only. Gzipped input must be inflated first (see
 * `readIdxFile` in `@trex/data/node`, which does that).
 */
export function parseIdx(bytes: Uint8Array, name = "<bytes>"): IdxArray {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new DataFormatError(
      `${name}: expected an uncompressed IDX file but found gzip data (magic 1f 8b); inflate it first or use readIdxFile from @trex/data/node, which handles .gz`,
    );
  }
  if (bytes.length < 4) {
    throw new DataFormatError(`${name}: expected at least a 4-byte IDX magic number but the file has ${bytes.length} bytes; ${FIX}`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataFormatError(
      `${name}: expected an IDX magic number starting 00 00 but found ${hex(bytes[0])} ${hex(bytes[1])}; this is not an IDX file — ${FIX}`,
    );
  }
  const type = TYPES[bytes[2]];
  if (type === undefined) {
    throw new DataFormatError(
      `${name}: unknown IDX element type byte ${hex(bytes[2])} (expected one of 08, 09, 0b, 0c, 0d, 0e); ${FIX}`,
    );
  }
  const rank = bytes[3];
  const header = 4 + 4 * rank;
  if (bytes.length < header) {
    throw new DataFormatError(
      `${name}: header declares rank ${rank} (${header} header bytes) but the file has only ${bytes.length} bytes — truncated; ${FIX}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let d = 0; d < rank; d++) {
    const n = view.getUint32(4 + 4 * d, false);
    dims.push(n);
    count *= n;
  }
  const expected = header + count * type.size;
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? "truncated" : "has trailing bytes";
    throw new DataFormatError(
      `${name}: dims [${dims.join(", ")}] of ${type.dtype} need ${expected} bytes but the file has ${bytes.length} — ${what}; ${FIX}`,
    );
  }
  return { dtype: type.dtype, dims, data: readBody(view, header, count, type.dtype) };
}

function readBody(view: DataView, offset: number, count: number, dtype: IdxDtype): IdxArray["data"] {
  switch (dtype) {
    case "uint8":
      return new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count));
    case "int8":
      return new Int8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count));
    case "int16": {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case "int32": {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case "float32": {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case "float64": {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/** Serialises an array as IDX (big-endian); the inverse of `parseIdx`, used to write subsets and fixtures. */
export function encodeIdx(array: IdxArray): Uint8Array {
  const code = Number(Object.keys(TYPES).find((k) => TYPES[Number(k)].dtype === array.dtype));
  const size = TYPES[code].size;
  const count = array.dims.reduce((a, b) => a * b, 1);
  if (array.data.length !== count) {
    throw new DataFormatError(
      `encodeIdx: dims [${array.dims.join(", ")}] hold ${count} elements but data has ${array.data.length}; pass matching dims`,
    );
  }
  const header = 4 + 4 * array.dims.length;
  const out = new Uint8Array(header + count * size);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = array.dims.length;
  for (let d = 0; d < array.dims.length; d++) view.setUint32(4 + 4 * d, array.dims[d], false);
  for (let i = 0; i < count; i++) {
    const v = array.data[i];
    const at = header + i * size;
    switch (array.dtype) {
      case "uint8":
        view.setUint8(at, v);
        break;
      case "int8":
        view.setInt8(at, v);
        break;
      case "int16":
        view.setInt16(at, v, false);
        break;
      case "int32":
        view.setInt32(at, v, false);
        break;
      case "float32":
        view.setFloat32(at, v, false);
        break;
      case "float64":
        view.setFloat64(at, v, false);
        break;
    }
  }
  return out;
}

function hex(b: number): string {
  return b.toString(16).padStart(2, "0");
}
