import { getPreset, type HwPreset, listPresets } from "@trex/hw";
import type { HardwarePresetPlugin } from "@trex/registry";

/** @trex/hw's JSON presets (fefet-32nm, hybrid-32nm, sram-32nm, rram-22nm) as registry descriptors. */
export function builtinHardwarePresets(): HardwarePresetPlugin<HwPreset>[] {
  return listPresets().map((id) => {
    const config = getPreset(id);
    return { id, description: config.description, config };
  });
}
