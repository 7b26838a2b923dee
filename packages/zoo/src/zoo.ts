import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The folder holding the embedded checkpoints (`<id>.trxc`). */
export const CHECKPOINT_DIR = fileURLToPath(new URL("../checkpoints/", import.meta.url));

/** Ids of the checkpoints this package ships (a file `<id>.trxc` in CHECKPOINT_DIR). */
export const ZOO_IDS = ["deit-fmnist", "lvvit-fmnist", "bert-accept"] as const;

/** Raised for an id with no embedded checkpoint. */
export class ZooLookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The ids whose checkpoint file is present. */
export function listCheckpoints(): string[] {
  return ZOO_IDS.filter((id) => existsSync(`${CHECKPOINT_DIR}${id}.trxc`));
}

/** True when `id` has an embedded checkpoint. */
export function hasCheckpoint(id: string): boolean {
  return listCheckpoints().includes(id);
}

/** The path of `id`'s checkpoint; unknown ids throw ZooLookupError listing the known ones. */
export function checkpointPath(id: string): string {
  if (!hasCheckpoint(id)) {
    throw new ZooLookupError(`no embedded checkpoint "${id}"; embedded: ${listCheckpoints().join(", ") || "(none)"}`);
  }
  return `${CHECKPOINT_DIR}${id}.trxc`;
}

/** The bytes of `id`'s checkpoint (a TRXC file, see @trex/train). */
export function checkpointBytes(id: string): Uint8Array {
  return new Uint8Array(readFileSync(checkpointPath(id)));
}
