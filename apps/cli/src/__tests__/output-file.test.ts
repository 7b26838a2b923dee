import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OutputFileError } from "../errors.js";
import { withAtomicOutput, writeFileAtomic, writeJsonAtomic } from "../output-file.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "trex-out-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("atomic output files", () => {
  it("writes text and JSON, creating the directory", async () => {
    await writeFileAtomic(join(dir, "a/b/out.txt"), "hello");
    expect(readFileSync(join(dir, "a/b/out.txt"), "utf8")).toBe("hello");
    await writeJsonAtomic(join(dir, "r.json"), { edap: 1.5 });
    expect(readFileSync(join(dir, "r.json"), "utf8")).toBe('{\n  "edap": 1.5\n}\n');
    expect(readdirSync(dir).sort()).toEqual(["a", "r.json"]);
  });

  it("leaves no file behind when the producer fails half-way", async () => {
    const target = join(dir, "result.json");
    const failing = withAtomicOutput(target, async (temp) => {
      await writeFile(temp, '{"rows": [1, 2');
      throw new Error("interrupted");
    });
    await expect(failing).rejects.toThrow("interrupted");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("keeps the previous file intact when a rewrite fails", async () => {
    const target = join(dir, "result.json");
    writeFileSync(target, "old");
    await expect(
      withAtomicOutput(target, async (temp) => {
        await writeFile(temp, "new but incomplete");
        throw new Error("interrupted");
      }),
    ).rejects.toThrow("interrupted");
    expect(readFileSync(target, "utf8")).toBe("old");
    expect(readdirSync(dir)).toEqual(["result.json"]);
  });

  it("reports an unwritable target as an OutputFileError", async () => {
    writeFileSync(join(dir, "file"), "x");
    await expect(writeFileAtomic(join(dir, "file/under-a-file.txt"), "y")).rejects.toBeInstanceOf(OutputFileError);
  });
});
