import { loadTensors, saveTensors } from "@trex/tensor";
import { CheckpointError } from "./errors.js";
/*
 * TRXC v1 — one checkpoint file, integers little-endian:
 *   bytes 0..3   magic "TRXC"
 *   bytes 4..7   u32 format version (1)
 *   bytes 8..11  u32 header length H
 *   bytes 12..   header: UTF-8 JSON (CheckpointHeader below)
 *   zero padding to a multiple of 4, then a complete TRXW file (@trex/tensor saveTensors: f32 tensors with
 *   a CRC-32) running to the end: the model's parameters and buffers by canonical name, and for resumable
 *   checkpoints the optimizer moments as `optim.m/<name>` and `optim.v/<name>`.
 */
const MAGIC = "TRXC";
const VERSION = 1;
const PREFIX = 12;
/** Serialises a checkpoint (header + named tensors) to TRXC bytes. */
export function encodeCheckpoint(header, tensors) {
    const weights = saveTensors(tensors);
    const h = new TextEncoder().encode(JSON.stringify(header));
    const start = Math.ceil((PREFIX + h.length) / 4) * 4;
    const out = new Uint8Array(start + weights.length);
    out.set(new TextEncoder().encode(MAGIC), 0);
    const dv = new DataView(out.buffer);
    dv.setUint32(4, VERSION, true);
    dv.setUint32(8, h.length, true);
    out.set(h, PREFIX);
    out.set(weights, start);
    return out;
}
/** Reads only the header (cheap: listings, `trex eval` on a header's tokenizer). */
export function decodeCheckpointHeader(bytes, name = "checkpoint") {
    if (bytes.length < PREFIX || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) {
        throw new CheckpointError(`${name} is not a TReX checkpoint (no "TRXC" magic); pass a file written by \`trex train --out\``);
    }
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const version = dv.getUint32(4, true);
    if (version !== VERSION)
        throw new CheckpointError(`${name} has checkpoint format version ${version}; this toolkit reads version ${VERSION}`);
    const len = dv.getUint32(8, true);
    if (PREFIX + len > bytes.length)
        throw new CheckpointError(`${name} is truncated: its header needs ${len} bytes, ${bytes.length - PREFIX} remain`);
    let header;
    try {
        header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX, PREFIX + len)));
    }
    catch (e) {
        throw new CheckpointError(`${name}: the header is not valid JSON (${e.message}); the file is corrupt`);
    }
    if (header?.format !== "trex-checkpoint" || typeof header.model?.config !== "object" || !Array.isArray(header.methods)) {
        throw new CheckpointError(`${name}: the header lacks format/model.config/methods; the file is corrupt or not a checkpoint`);
    }
    return { header, weightsOffset: Math.ceil((PREFIX + len) / 4) * 4 };
}
/** Parses TRXC bytes; a corrupt or truncated file throws CheckpointError naming the problem. */
export function decodeCheckpoint(bytes, name = "checkpoint") {
    const { header, weightsOffset } = decodeCheckpointHeader(bytes, name);
    try {
        return { header, tensors: loadTensors(bytes.subarray(weightsOffset)) };
    }
    catch (e) {
        throw new CheckpointError(`${name}: the weights section is unreadable (${e.message}); the file is corrupt or truncated`);
    }
}
//# sourceMappingURL=checkpoint.js.map