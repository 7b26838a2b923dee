import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PluginLoadError } from "./errors.js";

// Conditions an ESM `import()` on Node matches, in the spirit of Node's own resolver.
const CONDITIONS = new Set(["node", "import", "default"]);

/** A specifier is a path (rather than a package name) when it starts like one. */
export function isPathSpecifier(specifier: string): boolean {
  return (
    specifier.startsWith("./") ||
    specifier.startsWith("../") ||
    specifier === "." ||
    specifier === ".." ||
    specifier.startsWith("file:") ||
    isAbsolute(specifier)
  );
}

function readJson(file: string, specifier: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new PluginLoadError(specifier, `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

function pickConditional(target: unknown): string | undefined {
  if (typeof target === "string") return target;
  if (Array.isArray(target)) {
    for (const item of target) {
      const picked = pickConditional(item);
      if (picked !== undefined) return picked;
    }
    return undefined;
  }
  if (target && typeof target === "object") {
    for (const [key, value] of Object.entries(target)) {
      if (CONDITIONS.has(key)) {
        const picked = pickConditional(value);
        if (picked !== undefined) return picked;
      }
    }
  }
  return undefined;
}

/** The file a package directory exports at `subpath` ("." for the package itself). */
function packageEntry(packageDir: string, subpath: string, specifier: string): string {
  const manifestFile = join(packageDir, "package.json");
  const manifest = existsSync(manifestFile) ? readJson(manifestFile, specifier) : {};
  const exportsField = manifest.exports;
  let target: string | undefined;
  if (exportsField !== undefined && exportsField !== null) {
    const keyed =
      typeof exportsField === "object" &&
      !Array.isArray(exportsField) &&
      Object.keys(exportsField).some((key) => key.startsWith("."));
    const entry = keyed ? (exportsField as Record<string, unknown>)[subpath] : subpath === "." ? exportsField : undefined;
    target = pickConditional(entry);
    if (target === undefined) {
      throw new PluginLoadError(
        specifier,
        `${manifestFile} does not export "${subpath}" for import(); add it to the package's "exports" map.`,
      );
    }
  } else if (subpath === ".") {
    target = typeof manifest.main === "string" ? manifest.main : "index.js";
  } else {
    target = subpath;
  }
  const file = resolve(packageDir, target);
  if (!existsSync(file)) {
    throw new PluginLoadError(specifier, `its entry file ${file} does not exist (is the package built?).`);
  }
  return file;
}

function splitPackageName(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split("/");
  const count = specifier.startsWith("@") ? 2 : 1;
  const name = parts.slice(0, count).join("/");
  const rest = parts.slice(count).join("/");
  return { name, subpath: rest ? `./${rest}` : "." };
}

/**
 * The absolute file a plugin specifier names. A path (`./plugins/mine.js`, a package directory, or
 * `file:` URL) is taken relative to `searchDirs[0]`; a package name is looked up in `node_modules`
 * walking up from each of `searchDirs` in turn.
 */
export function resolvePluginFile(specifier: string, searchDirs: readonly string[]): string {
  if (searchDirs.length === 0) throw new PluginLoadError(specifier, "no directory to resolve it from.");
  if (isPathSpecifier(specifier)) {
    const path = specifier.startsWith("file:") ? fileURLToPath(specifier) : resolve(searchDirs[0], specifier);
    if (!existsSync(path)) {
      throw new PluginLoadError(specifier, `${path} does not exist; paths are relative to ${searchDirs[0]}.`);
    }
    return statSync(path).isDirectory() ? packageEntry(path, ".", specifier) : path;
  }
  const { name, subpath } = splitPackageName(specifier);
  const tried: string[] = [];
  for (const start of searchDirs) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const packageDir = join(dir, "node_modules", name);
      if (existsSync(join(packageDir, "package.json"))) return packageEntry(packageDir, subpath, specifier);
      if (dirname(dir) === dir) break;
    }
    tried.push(start);
  }
  throw new PluginLoadError(
    specifier,
    `package "${name}" is not installed in node_modules above ${tried.join(" or ")}; install it or give a path (./...).`,
  );
}
