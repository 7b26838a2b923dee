// Shared vitest settings: tests live beside the code in src/__tests__ (or test/), run in
// forked workers (WASM + onnxruntime-node are not worker-thread friendly), and get generous
// timeouts because CI machines are shared; no test asserts on wall-clock time.
import { defineConfig } from "vitest/config";

export function trexVitestConfig(overrides = {}) {
  return defineConfig({
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      pool: "forks",
      testTimeout: 120_000,
      hookTimeout: 120_000,
      ...overrides,
    },
  });
}
