import { type Checkpoint } from "./checkpoint.js";
/** Writes bytes through a temporary file renamed into place: a crash never leaves a half-written checkpoint. */
export declare function writeFileAtomicSync(target: string, bytes: Uint8Array): void;
/** Reads and decodes a checkpoint file. */
export declare function readCheckpointFile(path: string): Checkpoint;
//# sourceMappingURL=checkpoint-file.d.ts.map