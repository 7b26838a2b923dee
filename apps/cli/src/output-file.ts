import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { OutputFileError } from "./errors.js";

/**
 * Produce `target` through a temporary file in the same directory, renamed into place only when `produce`
 * succeeds: a failed or interrupted run never leaves a half-written output (rename is atomic on one
 * filesystem). `produce` gets the temporary path and may write it any way it likes.
 */
export async function withAtomicOutput<T>(target: string, produce: (tempPath: string) => Promise<T>): Promise<T> {
  const path = resolve(target);
  const dir = dirname(path);
  await mkdir(dir, { recursive: true }).catch((error: Error) => {
    throw new OutputFileError(`Cannot create the directory for ${path}: ${error.message}`);
  });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const result = await produce(temp);
    await rename(temp, path);
    return result;
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Write `data` to `target` atomically (see withAtomicOutput). */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await withAtomicOutput(target, async (temp) => {
    try {
      await writeFile(temp, data);
    } catch (error) {
      throw new OutputFileError(`Cannot write ${resolve(target)}: ${(error as Error).message}`);
    }
  });
}

/** Write `value` as indented JSON with a final newline, atomically. */
export async function writeJsonAtomic(target: string, value: unknown): Promise<void> {
  await writeFileAtomic(target, `${JSON.stringify(value, null, 2)}\n`);
}
