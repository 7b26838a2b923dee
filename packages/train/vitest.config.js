import { trexVitestConfig } from "@trex/vitest-preset";
export default trexVitestConfig();
//# sourceMappingURL=vitest.config.js.map