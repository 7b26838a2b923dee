import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { decodeCheckpoint } from "./checkpoint.js";
import { CheckpointError } from "./errors.js";
/** Writes bytes through a temporary file renamed into place: a crash never leaves a half-written checkpoint. */
export function writeFileAtomicSync(target, bytes) {
    const path = resolve(target);
    mkdirSync(dirname(path), { recursive: true });
    const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    try {
        writeFileSync(temp, bytes);
        renameSync(temp, path);
    }
    catch (e) {
        rmSync(temp, { force: true });
        throw new CheckpointError(`cannot write ${path}: ${e.message}`);
    }
}
/** Reads and decodes a checkpoint file. */
export function readCheckpointFile(path) {
    let bytes;
    try {
        bytes = new Uint8Array(readFileSync(path));
    }
    catch (e) {
        throw new CheckpointError(`cannot read checkpoint ${path}: ${e.message}`);
    }
    return decodeCheckpoint(bytes, path);
}
//# sourceMappingURL=checkpoint-file.js.map