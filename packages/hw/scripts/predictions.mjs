// Prints the README's prediction tables (markdown) from the built package, so every number there is
// reproducible: pnpm --filter @trex/hw build && node scripts/predictions.mjs
import { architectureSpec, costSpec, getPreset, listArchitectures, listPresets } from "../dist/index.js";

const f = (x, d = 3) => (x >= 1e4 ? x.toExponential(2) : x.toFixed(d));
const pct = (x) => `${(100 * x).toFixed(0)} %`;

console.log("| model | preset | energy mJ | delay ms | area mm² | EDAP mJ·ms·mm² | TOPS/W | TOPS/mm² | writes / delay | attention EDAP share |");
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const a of listArchitectures()) {
  for (const p of listPresets()) {
    const r = costSpec(architectureSpec(a), getPreset(p), { layers: false });
    console.log(
      `| ${a} | ${p} | ${f(r.energy_mJ, 4)} | ${f(r.delay_ms)} | ${r.area_mm2.toFixed(1)} | ${f(r.edap, 1)} | ${f(r.tops_per_w, 2)} | ${r.tops_per_mm2.toExponential(2)} | ${pct(r.breakdown.delay_ms.crossbarWrite / r.delay_ms)} | ${pct(r.breakdown.components.attention.edapShare)} |`,
    );
  }
}

const tb = { layers: [{ kind: "layernorm", dim: 384 }, { kind: "linear", in: 384, out: 384, bias: true }, { kind: "gelu" }] };
function reused(oneBased) {
  const spec = architectureSpec("deit-s");
  for (const i of oneBased) {
    let src = i - 2;
    while (spec.blocks[src].attention.kind === "reuse") src--;
    spec.blocks[i - 1].attention = { kind: "reuse", source: src, transform: tb };
  }
  return spec;
}
console.log("\n| DeiT-S, reusing encoders (1-based) | preset | energy mJ | delay ms | area mm² | EDAP | EDAP gain | TOPS/mm² gain |");
console.log("|---|---|---|---|---|---|---|---|");
for (const p of ["fefet-32nm", "hybrid-32nm"]) {
  const base = costSpec(architectureSpec("deit-s"), getPreset(p), { layers: false });
  for (const reuse of [[], [12], [8, 10, 12], [4, 6, 8, 10, 12], [3, 5, 7, 9, 11], [8, 9, 10, 11, 12], [2, 4, 6, 8, 10, 12]]) {
    const r = costSpec(reused(reuse), getPreset(p), { layers: false });
    console.log(
      `| ${reuse.length ? reuse.join(",") : "none"} | ${p} | ${f(r.energy_mJ, 4)} | ${f(r.delay_ms)} | ${f(r.area_mm2, 1)} | ${f(r.edap, 1)} | ${f(base.edap / r.edap, 2)}x | ${f(r.tops_per_mm2 / base.tops_per_mm2, 2)}x |`,
    );
  }
}
