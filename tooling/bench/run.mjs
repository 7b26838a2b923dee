#!/usr/bin/env node
// `pnpm bench [--json] [--filter <pkg>]`: builds, runs every workspace package's `bench` script one after
// another (never in parallel: they would time each other), collects the rows and prints a table, or with
// --json one JSON array of {name, value, unit, reference, ratio}.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const args = process.argv.slice(2);
const json = args.includes("--json");
const filterAt = args.indexOf("--filter");
const filter = filterAt >= 0 ? args[filterAt + 1] : null;
const root = resolve(import.meta.dirname, "../..");
const quiet = json ? "pipe" : "inherit";

const build = spawnSync("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only"], {
  cwd: root,
  stdio: json ? ["ignore", "pipe", "inherit"] : "inherit",
});
if (build.status !== 0) {
  console.error("bench: the build failed; fix it (pnpm build) and run pnpm bench again.");
  process.exit(build.status ?? 1);
}

const dirs = ["packages", "apps"].flatMap((d) =>
  existsSync(join(root, d)) ? readdirSync(join(root, d)).map((p) => join(root, d, p)) : [],
);
const outDir = mkdtempSync(join(tmpdir(), "trex-bench-"));
const rows = [];
let failed = false;
for (const dir of dirs.sort()) {
  const pkgFile = join(dir, "package.json");
  if (!existsSync(pkgFile)) continue;
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
  if (!pkg.scripts?.bench) continue;
  if (filter && pkg.name !== filter && !pkg.name.endsWith(`/${filter}`)) continue;
  const outFile = join(outDir, `${pkg.name.replace(/[@/]/g, "_")}.jsonl`);
  if (!json) console.log(`\n# ${pkg.name}`);
  const r = spawnSync("pnpm", ["run", "--silent", "bench"], {
    cwd: dir,
    stdio: ["ignore", quiet, "inherit"],
    env: { ...process.env, TREX_BENCH_OUT: outFile },
  });
  if (r.status !== 0) {
    console.error(`bench: ${pkg.name} failed (exit ${r.status})`);
    failed = true;
  }
  if (existsSync(outFile)) {
    for (const line of readFileSync(outFile, "utf8").split("\n")) if (line.trim()) rows.push(JSON.parse(line));
  }
}
rmSync(outDir, { recursive: true, force: true });

const fmt = (v) => (v === null || v === undefined ? "-" : Math.abs(v) >= 1000 || Math.abs(v) < 0.01 ? v.toExponential(3) : v.toFixed(3));
if (json) {
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
} else {
  const w = Math.max(10, ...rows.map((r) => r.name.length));
  console.log(`\n${"name".padEnd(w)}  ${"value".padStart(12)}  ${"unit".padEnd(14)}  ${"reference".padStart(12)}  ${"ratio".padStart(8)}`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(w)}  ${fmt(r.value).padStart(12)}  ${String(r.unit).padEnd(14)}  ${fmt(r.reference).padStart(12)}  ${fmt(r.ratio).padStart(8)}`);
  }
}
process.exit(failed ? 1 : 0);
