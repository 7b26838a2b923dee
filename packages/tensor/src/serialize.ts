import { crc32 } from "./crc32.js";
import { NonFiniteError, SerializationError, ShapeError, fmtShape } from "./errors.js";
import { Parameter, type Shape, Tensor, sizeOf } from "./tensor.js";

/*
 * TRXW v1 — a named set of float32 tensors, all integers little-endian:
 *   bytes 0..3   magic "TRXW"
 *   bytes 4..7   u32 format version (1)
 *   bytes 8..11  u32 header length H in bytes
 *   bytes 12..   header: UTF-8 JSON
 *                { "tensors": [{ "name", "dtype": "f32", "shape": [..], "offset", "length" }, ..],
 *                  "dataBytes": N, "crc32": C }
 *                offset = byte offset into the data section, length = element count
 *   then zero padding to a multiple of 4, then the data section: N bytes of raw f32, tensors back to back
 *   in header order; C = CRC-32 of the data section. The file ends exactly after the data section.
 */

const MAGIC = "TRXW";
const VERSION = 1;
const PREFIX = 12;

interface HeaderEntry {
  name: string;
  dtype: "f32";
  shape: number[];
  offset: number;
  length: number;
}

interface Header {
  tensors: HeaderEntry[];
  dataBytes: number;
  crc32: number;
}

/** A named set of tensors: a record or any iterable of [name, tensor] pairs (e.g. a Map). */
export type NamedTensors = Readonly<Record<string, Tensor>> | Iterable<readonly [string, Tensor]>;

function entriesOf(set: NamedTensors): [string, Tensor][] {
  if (Symbol.iterator in set) return [...(set as Iterable<readonly [string, Tensor]>)].map(([k, v]) => [k, v]);
  return Object.entries(set as Record<string, Tensor>);
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Serialises named tensors to TRXW bytes. Names must be unique and non-empty. */
export function saveTensors(set: NamedTensors): Uint8Array {
  const entries = entriesOf(set);
  const names = new Set<string>();
  const tensors: HeaderEntry[] = [];
  let offset = 0;
  for (const [name, t] of entries) {
    if (name === "" || names.has(name)) {
      throw new SerializationError(`saveTensors: name "${name}" is empty or repeated; give every tensor a unique name.`);
    }
    names.add(name);
    tensors.push({ name, dtype: "f32", shape: [...t.shape], offset, length: t.size });
    offset += t.size * 4;
  }
  const data = new Uint8Array(offset);
  const dv = new DataView(data.buffer);
  for (let i = 0; i < entries.length; i++) {
    const src = entries[i][1].data;
    const base = tensors[i].offset;
    if (littleEndian) data.set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength), base);
    else for (let j = 0; j < src.length; j++) dv.setFloat32(base + 4 * j, src[j], true);
  }
  const header: Header = { tensors, dataBytes: offset, crc32: crc32(data) };
  const hbytes = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = Math.ceil((PREFIX + hbytes.length) / 4) * 4;
  const out = new Uint8Array(dataStart + data.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  const odv = new DataView(out.buffer);
  odv.setUint32(4, VERSION, true);
  odv.setUint32(8, hbytes.length, true);
  out.set(hbytes, PREFIX);
  out.set(data, dataStart);
  return out;
}

function fail(problem: string): never {
  throw new SerializationError(`loadTensors: ${problem}`);
}

function parseHeader(bytes: Uint8Array): { header: Header; dataStart: number } {
  if (bytes.length < PREFIX) fail(`file is ${bytes.length} bytes, shorter than the ${PREFIX}-byte prefix (truncated?).`);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== MAGIC) fail(`bad magic "${magic}"; this is not a TRXW weights file.`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(4, true);
  if (version !== VERSION) fail(`format version ${version} is not supported (this build reads version ${VERSION}).`);
  const hlen = dv.getUint32(8, true);
  if (PREFIX + hlen > bytes.length) fail(`header of ${hlen} bytes runs past the end of the ${bytes.length}-byte file (truncated?).`);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(PREFIX, PREFIX + hlen)));
  } catch (e) {
    fail(`header is not valid UTF-8 JSON (${(e as Error).message}); the file is corrupt.`);
  }
  const h = raw as Partial<Header>;
  if (typeof h !== "object" || h === null || !Array.isArray(h.tensors) || !Number.isInteger(h.dataBytes) || !Number.isInteger(h.crc32)) {
    fail("header lacks tensors/dataBytes/crc32; the file is corrupt.");
  }
  const header = h as Header;
  const names = new Set<string>();
  let expectOffset = 0;
  for (const e of header.tensors) {
    const ok =
      typeof e === "object" &&
      e !== null &&
      typeof e.name === "string" &&
      e.name !== "" &&
      e.dtype === "f32" &&
      Array.isArray(e.shape) &&
      e.shape.every((d) => Number.isInteger(d) && d >= 0) &&
      e.offset === expectOffset &&
      e.length === e.shape.reduce((p, d) => p * d, 1);
    if (!ok) fail(`header entry ${JSON.stringify(e)} is malformed (name, dtype "f32", shape, offset ${expectOffset}, length).`);
    if (names.has(e.name)) fail(`tensor name "${e.name}" appears twice in the header.`);
    names.add(e.name);
    expectOffset += e.length * 4;
  }
  if (expectOffset !== header.dataBytes) fail(`header tensors need ${expectOffset} data bytes but dataBytes says ${header.dataBytes}.`);
  const dataStart = Math.ceil((PREFIX + hlen) / 4) * 4;
  const expected = dataStart + header.dataBytes;
  if (bytes.length < expected) fail(`file is truncated: ${bytes.length} bytes, the header describes ${expected}.`);
  if (bytes.length > expected) fail(`file has ${bytes.length - expected} unexpected trailing bytes after the data.`);
  return { header, dataStart };
}

/**
 * Parses TRXW bytes into new tensors, in file order. Throws SerializationError naming the problem
 * (bad magic, version, truncation, malformed header, checksum mismatch) and NonFiniteError when a
 * tensor holds NaN or ±∞.
 */
export function loadTensors(bytes: Uint8Array): Map<string, Tensor> {
  const { header, dataStart } = parseHeader(bytes);
  const data = bytes.subarray(dataStart, dataStart + header.dataBytes);
  const crc = crc32(data);
  if (crc !== header.crc32) fail(`data checksum ${crc} does not match the header's ${header.crc32}; the file is corrupt.`);
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out = new Map<string, Tensor>();
  for (const e of header.tensors) {
    const arr = new Float32Array(e.length);
    if (littleEndian) new Uint8Array(arr.buffer).set(data.subarray(e.offset, e.offset + 4 * e.length));
    else for (let j = 0; j < e.length; j++) arr[j] = dv.getFloat32(e.offset + 4 * j, true);
    for (let j = 0; j < arr.length; j++) {
      if (!Number.isFinite(arr[j])) {
        throw new NonFiniteError(`loadTensors: tensor "${e.name}" holds ${arr[j]} at element ${j}; the saved weights diverged.`);
      }
    }
    out.set(e.name, new Tensor(arr, e.shape));
  }
  return out;
}

export interface LoadReport {
  loaded: string[];
  /** Names in the target the file lacks. */
  missing: string[];
  /** Names in the file the target lacks. */
  unexpected: string[];
}

/**
 * Loads TRXW bytes into existing tensors by name, copying values (Parameters get a version bump so
 * programmed copies are refreshed). Shapes must match. With strict (default) any missing or unexpected
 * name is a SerializationError; otherwise they are reported.
 */
export function loadInto(target: NamedTensors, bytes: Uint8Array, strict = true): LoadReport {
  const file = loadTensors(bytes);
  const entries = entriesOf(target);
  const missing = entries.filter(([n]) => !file.has(n)).map(([n]) => n);
  const known = new Set(entries.map(([n]) => n));
  const unexpected = [...file.keys()].filter((n) => !known.has(n));
  if (strict && (missing.length > 0 || unexpected.length > 0)) {
    throw new SerializationError(
      `loadInto: names differ — missing from file: [${missing.join(", ")}]; not in model: [${unexpected.join(", ")}]. ` +
        "Pass strict = false to load the overlap.",
    );
  }
  for (const [name, t] of entries) {
    const src = file.get(name);
    if (src && !sameShape(src.shape, t.shape)) {
      throw new ShapeError(`loadInto: "${name}" is ${fmtShape(src.shape)} in the file but ${fmtShape(t.shape)} in the model.`);
    }
  }
  const loaded: string[] = [];
  for (const [name, t] of entries) {
    const src = file.get(name);
    if (!src) continue;
    t.data.set(src.data);
    if (t instanceof Parameter) t.markUpdated();
    loaded.push(name);
  }
  return { loaded, missing, unexpected };
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && sizeOf(a) === sizeOf(b) && a.every((d, i) => d === b[i]);
}
