import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportTargets, isPublishable, type PackedPackage, packPackage } from "../pack.js";

const PACKAGES = { kernels: "packages/kernels", tensor: "packages/tensor" } as const;

let work: string;
const packed: Partial<Record<keyof typeof PACKAGES, PackedPackage>> = {};

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "trex-publish-"));
  mkdirSync(join(work, "tarballs"));
  for (const [key, dir] of Object.entries(PACKAGES)) {
    packed[key as keyof typeof PACKAGES] = packPackage(dir, join(work, "tarballs"));
  }
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.each(Object.keys(PACKAGES) as (keyof typeof PACKAGES)[])("pnpm pack @trex/%s", (key) => {
  it("holds only built files and the manifest: no sources, no tests", () => {
    const { files } = packed[key]!;
    expect(files.filter((file) => !isPublishable(file))).toEqual([]);
    expect(files).toContain("dist/index.js");
    expect(files).toContain("dist/index.d.ts");
  });

  it("includes the package README", () => {
    expect(packed[key]!.files).toContain("README.md");
  });

  it("ships every file its exports map names, and no workspace: protocol", () => {
    const { files, manifest } = packed[key]!;
    const targets = exportTargets(manifest.exports);
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((target) => !files.includes(target))).toEqual([]);
    expect(JSON.stringify(manifest)).not.toContain("workspace:");
  });
});

describe("the packed packages installed with npm outside the workspace", () => {
  it("pins tensor's dependency on kernels to the packed kernels version", () => {
    expect(packed.tensor!.manifest.dependencies?.["@trex/kernels"]).toBe(packed.kernels!.manifest.version);
  });

  it("install offline and run: WASM kernels load, matmul + backward match hand-computed values", () => {
    const project = join(work, "consumer");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    execFileSync(
      "npm",
      ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", packed.kernels!.tarball, packed.tensor!.tarball],
      { cwd: project, stdio: "pipe" },
    );
    // L = sum(C * W) with C = A B: dL/dA = W B^T and dL/dB = A^T W.
    writeFileSync(
      join(project, "use.mjs"),
      `import { createWasmKernels } from "@trex/kernels";
import { matmul, mul, sum, tensor } from "@trex/tensor";

const backend = createWasmKernels().name;
const a = tensor([1, 2, 3, 4, 5, 6], [2, 3], true);
const b = tensor([7, 8, 9, 10, 11, 12], [3, 2], true);
const w = tensor([1, -1, 2, 0.5], [2, 2]);
const c = matmul(a, b);
const loss = sum(mul(c, w));
loss.backward();
console.log(JSON.stringify({ backend, c: c.toArray(), shape: c.shape, loss: loss.item(), gradA: [...a.grad], gradB: [...b.grad] }));
`,
    );
    const output = execFileSync(process.execPath, ["use.mjs"], { cwd: project, encoding: "utf8" });
    const result = JSON.parse(output);
    expect(result.backend).toMatch(/^wasm/);
    // By hand: C = [[58, 64], [139, 154]], L = 58 - 64 + 278 + 77 = 349.
    expect(result.shape).toEqual([2, 2]);
    expect(result.c).toEqual([58, 64, 139, 154]);
    expect(result.loss).toBe(349);
    expect(result.gradA).toEqual([-1, -1, -1, 18, 23, 28]);
    expect(result.gradB).toEqual([9, 1, 12, 0.5, 15, 0]);
  });
});
