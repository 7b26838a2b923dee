import { trexVitestConfig } from "@trex/vitest-preset";

export default trexVitestConfig();
