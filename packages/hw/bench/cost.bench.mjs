// Configurations costed per second for DeiT-S: every placement of 5 reusing encoders among encoders
// 2..12 (C(11,5) = 462), each built from the weightless spec and costed (spec edit + workload +
// cost). Goal: ≥ 10 000 configurations/s so a search over every placement is instant.
import { quick, report, timeit } from "../../../tooling/bench/harness.mjs";
import { architectureSpec, costSpec, getPreset } from "../dist/index.js";

const GOAL = 10_000;
const base = architectureSpec("deit-s");
const tb = { layers: [{ kind: "layernorm", dim: 384 }, { kind: "linear", in: 384, out: 384, bias: true }, { kind: "gelu" }] };

function combinations(items, k) {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [first, ...rest] = items;
  return [...combinations(rest, k - 1).map((c) => [first, ...c]), ...combinations(rest, k)];
}

const placements = combinations([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 5);
if (placements.length !== 462) throw new Error(`expected 462 placements, got ${placements.length}`);

function reused(oneBased) {
  const blocks = base.blocks.map((b) => ({ ...b }));
  for (const i of oneBased) {
    let src = i - 2;
    while (blocks[src].attention.kind === "reuse") src--;
    blocks[i - 1].attention = { kind: "reuse", source: src, transform: tb };
  }
  return { ...base, blocks };
}

const opts = { minTimeS: quick ? 0.2 : 2, minRuns: quick ? 2 : 5 };
for (const [presetId, layers] of [["fefet-32nm", false], ["hybrid-32nm", false], ["fefet-32nm", true]]) {
  const preset = getPreset(presetId);
  let sink = 0;
  const seconds = await timeit(() => {
    for (const p of placements) sink += costSpec(reused(p), preset, { layers }).edap;
  }, opts);
  if (!(sink > 0)) throw new Error("no cost computed");
  const perSecond = placements.length / seconds;
  report({
    name: `hw: DeiT-S reuse placements costed/s (${presetId}${layers ? ", with per-layer list" : ""})`,
    value: perSecond,
    unit: "configs/s",
    reference: GOAL,
    ratio: perSecond / GOAL,
  });
}
