import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(fileURLToPath(import.meta.url), "../../../..");

/** A packed package: the tarball, its file list (without the `package/` prefix) and its packed manifest. */
export interface PackedPackage {
  readonly dir: string;
  readonly tarball: string;
  readonly files: string[];
  readonly manifest: {
    name: string;
    version: string;
    exports?: unknown;
    dependencies?: Record<string, string>;
    [key: string]: unknown;
  };
}

/**
 * `pnpm pack` the workspace package at `packageDir` (relative to the repo root) into `destination`, as
 * `pnpm publish` would: `files` applied and `workspace:*` rewritten to real versions.
 */
export function packPackage(packageDir: string, destination: string): PackedPackage {
  const dir = join(REPO_ROOT, packageDir);
  const before = new Set(readdirSync(destination));
  execFileSync("pnpm", ["pack", "--pack-destination", destination], { cwd: dir, stdio: "pipe" });
  const created = readdirSync(destination).filter((name) => name.endsWith(".tgz") && !before.has(name));
  if (created.length !== 1) throw new Error(`pnpm pack in ${dir} produced ${created.length} tarballs.`);
  const tarball = join(destination, created[0]);
  const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line !== "" && !line.endsWith("/"))
    .map((line) => {
      if (!line.startsWith("package/")) throw new Error(`${tarball}: entry ${line} is outside package/.`);
      return line.slice("package/".length);
    })
    .sort();
  const manifest = JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }));
  return { dir, tarball, files, manifest };
}

/** Every file path an `exports` map points to (all conditions), without the leading "./". */
export function exportTargets(exportsField: unknown): string[] {
  if (typeof exportsField === "string") return [exportsField.replace(/^\.\//, "")];
  if (Array.isArray(exportsField)) return exportsField.flatMap(exportTargets);
  if (exportsField && typeof exportsField === "object") return Object.values(exportsField).flatMap(exportTargets);
  return [];
}

/** Files a published package may hold: its manifest, docs, licence and built output, but no tests. */
export function isPublishable(file: string): boolean {
  if (["package.json", "README.md", "CHANGELOG.md", "LICENSE"].includes(file)) return true;
  return file.startsWith("dist/") && !/(^|\/)__tests__\//.test(file) && !/\.(test|spec)\.[cm]?[jt]s(\.map)?$/.test(file);
}
