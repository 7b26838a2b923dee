import { trexVitestConfig } from "@trex/vitest-preset";

// Node 20 (V8 11.3) ships relaxed SIMD behind a flag; pass it there so the tests cover both WASM builds.
// Node ≥ 22 enables relaxed SIMD by default.
const nodeMajor = Number(process.versions.node.split(".")[0]);

export default trexVitestConfig({
  execArgv: nodeMajor < 22 ? ["--experimental-wasm-relaxed-simd"] : [],
});
