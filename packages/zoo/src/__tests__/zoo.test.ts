import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CHECKPOINT_DIR, ZOO_IDS, ZooLookupError, checkpointBytes, checkpointPath, hasCheckpoint, listCheckpoints } from "../zoo.js";

describe("@trex/zoo", () => {
  it("lists exactly the ids whose file is present", () => {
    expect(existsSync(CHECKPOINT_DIR)).toBe(true);
    for (const id of ZOO_IDS) expect(hasCheckpoint(id)).toBe(existsSync(`${CHECKPOINT_DIR}${id}.trxc`));
    expect(listCheckpoints().every((id) => (ZOO_IDS as readonly string[]).includes(id))).toBe(true);
  });

  it("resolves each embedded id to a TRXC file whose header names that model", () => {
    for (const id of listCheckpoints()) {
      const bytes = checkpointBytes(id);
      // Buffer.compare, not toEqual: vitest's deep equality walks a 10 MB array element by element (minutes).
      expect(Buffer.compare(bytes, readFileSync(checkpointPath(id)))).toBe(0);
      expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe("TRXC");
      const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
      const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + len)));
      expect(header.model.id).toBe(id);
      // The first run of its history (or the only run) trained this architecture from its seeded init.
      const first = header.training.history?.[0] ?? header.training;
      expect(first.command).toMatch(new RegExp(`--model ${id} --init `));
    }
  });

  it("names the embedded ids for an unknown one", () => {
    expect(() => checkpointPath("resnet-50")).toThrow(ZooLookupError);
    expect(() => checkpointPath("resnet-50")).toThrow(/no embedded checkpoint "resnet-50"; embedded:/);
  });
});
