import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { DataFormatError, DatasetNotFoundError } from "../errors.js";
import { type IdxArray, parseIdx } from "../idx.js";

/** Reads an IDX file from disk, inflating it first when it is gzipped (detected by magic, not by name). */
export function readIdxFile(path: string): IdxArray {
  if (!existsSync(path)) {
    throw new DatasetNotFoundError(`${path}: IDX file not found; check the path or the dataset directory option`);
  }
  let bytes: Uint8Array = readFileSync(path);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new DataFormatError(
        `${path}: expected a valid gzip stream but inflating failed (${(e as Error).message}) — the file is truncated or corrupt; re-download or reinstall the dataset`,
      );
    }
  }
  return parseIdx(bytes, path);
}
