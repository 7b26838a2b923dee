import type { UserConfig } from "vitest/config";
import type { ViteUserConfig } from "vitest/config";

/** The shared TReX vitest config; `overrides` are merged into `test`. */
export function trexVitestConfig(overrides?: NonNullable<UserConfig["test"]>): ViteUserConfig;
