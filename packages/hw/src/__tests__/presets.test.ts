import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HwLookupError, HwPresetError } from "../errors.js";
import { type HwPreset, loadPresetFile, parsePreset, validatePreset } from "../preset.js";
import { builtinPresetData } from "../presets.generated.js";
import { getPreset, listPresets } from "../presets.js";

const dir = new URL("../../presets/", import.meta.url);

describe("presets", () => {
  it("ships fefet-32nm, hybrid-32nm, sram-32nm and rram-22nm, all valid", () => {
    expect(listPresets().sort()).toEqual(["fefet-32nm", "hybrid-32nm", "rram-22nm", "sram-32nm"]);
    for (const id of listPresets()) expect(getPreset(id).id).toBe(id);
  });

  it("the embedded copy matches presets/*.json (rebuild after editing the JSON)", () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    for (const f of files) expect(builtinPresetData[f.replace(".json", "")]).toEqual(JSON.parse(readFileSync(new URL(f, dir), "utf8")));
    expect(Object.keys(builtinPresetData).length).toBe(files.length);
  });

  it("hybrid puts static weights on FeFET and Kᵀ/V on SRAM with the paper's constants", () => {
    const h = getPreset("hybrid-32nm");
    expect(h.devices[h.mapping.static]).toEqual({ bitsPerCell: 2, readEnergy_pJ: 25, writeEnergy_pJ: 118, readDelay_us: 0.02, writeDelay_us: 3.3, area_mm2: 0.03 });
    expect(h.devices[h.mapping.dynamic]).toEqual({ bitsPerCell: 1, readEnergy_pJ: 29, writeEnergy_pJ: 13, readDelay_us: 0.018, writeDelay_us: 0.018, area_mm2: 0.07 });
  });

  it("built-in presets are frozen all the way down", () => {
    const p = getPreset("fefet-32nm");
    expect(() => {
      (p.devices.fefet as { readEnergy_pJ: number }).readEnergy_pJ = 1;
    }).toThrow(TypeError);
    expect(getPreset("fefet-32nm").devices.fefet.readEnergy_pJ).toBe(25);
  });

  it("unknown ids list the known ones", () => {
    expect(() => getPreset("nope")).toThrow(HwLookupError);
    expect(() => getPreset("nope")).toThrow(/known: .*fefet-32nm/);
  });

  it("validation names the field and the fix", () => {
    const good = () => structuredClone(builtinPresetData["fefet-32nm"]) as HwPreset;
    const noSource = good();
    delete noSource.sources["devices.fefet.area_mm2"];
    expect(() => validatePreset(noSource)).toThrow(/sources\["devices.fefet.area_mm2"\] is missing: cite/);
    const split = good();
    split.readSplit.adc = 0.9;
    expect(() => validatePreset(split)).toThrow(/readSplit fractions .* must sum to 1/);
    const map = good();
    map.mapping.dynamic = "sram";
    expect(() => validatePreset(map)).toThrow(/mapping.dynamic must name a device in devices \(fefet\)/);
    const neg = good();
    neg.devices.fefet.readEnergy_pJ = -1;
    expect(() => validatePreset(neg)).toThrow(/devices.fefet.readEnergy_pJ must be > 0/);
    const extra = good();
    (extra.digital as unknown as Record<string, number>).turbo = 1;
    expect(() => validatePreset(extra)).toThrow(/digital.turbo is not a field of digital/);
    const seq = good();
    seq.writes.sequencing = "magic" as "phase";
    expect(() => validatePreset(seq)).toThrow(HwPresetError);
    const cont = good();
    cont.writes.contention = 1.5;
    expect(() => validatePreset(cont)).toThrow(/writes.contention must be a fraction in \[0, 1\], got 1.5/);
    const unsourced = good();
    delete unsourced.sources["writes.contention"];
    expect(() => validatePreset(unsourced)).toThrow(/sources\["writes.contention"\] is missing/);
    expect(() => parsePreset("{", "x.json")).toThrow(/x.json: not valid JSON/);
  });

  it("loads a user's preset file", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "hw-preset-"));
    const custom = structuredClone(builtinPresetData["fefet-32nm"]) as HwPreset;
    custom.id = "mine";
    custom.devices.fefet.writeDelay_us = 1;
    const path = join(tmp, "mine.json");
    writeFileSync(path, JSON.stringify(custom));
    const p = await loadPresetFile(path);
    expect(p.id).toBe("mine");
    expect(p.devices.fefet.writeDelay_us).toBe(1);
    await expect(loadPresetFile(join(tmp, "missing.json"))).rejects.toThrow(/cannot read preset file/);
  });
});
