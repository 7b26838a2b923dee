import type { Accuracy, NonidealAccuracy, StudyResult } from "./study.js";

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
const num = (x: number, digits = 4) => (x !== 0 && (Math.abs(x) < 0.01 || Math.abs(x) >= 1e5) ? x.toExponential(3) : x.toFixed(digits));

function ideal(a: Accuracy): string {
  return a.mcc === null ? pct(a.accuracy) : `${pct(a.accuracy)}, MCC ${a.mcc.toFixed(3)}`;
}

function nonideal(a: NonidealAccuracy | null): string {
  if (!a) return "–";
  const mcc = a.mcc ? `, MCC ${(a.mcc.reduce((s, v) => s + v, 0) / a.mcc.length).toFixed(3)}` : "";
  return `${pct(a.mean)} ± ${(100 * a.std).toFixed(2)}${mcc}`;
}

/**
 * The study as a Markdown table (one row per model and requested ratio, the unmodified model first) with a
 * line on what each column was measured on. `command` is printed above it when given.
 */
export function studyMarkdown(r: StudyResult, command?: string): string {
  const lines: string[] = [];
  if (command) lines.push("```sh", command, "```", "");
  const first = r.models[0];
  const ni = first?.baseline.nonideal;
  lines.push(
    `Preset \`${r.preset}\`; EDAP ratio → reuse count by \`${r.match}\`. Ideal accuracy on ${first ? first.baseline.ideal.examples : 0} eval examples` +
      (ni ? `; non-ideal: \`${ni.design}\` crossbars, mean ± std over ${ni.seeds.length} seed(s) on the first ${ni.examples} eval examples.` : "."),
    "",
    ...r.models.map((m) => {
      const c = m.checkpoint;
      const record = c ? `; its training record: ${c.steps} steps${c.accuracy !== null ? `, ${pct(c.accuracy)} on ${c.evalExamples} eval examples` : ""}${c.finishedAt ? `, finished ${c.finishedAt}` : ""}` : "";
      return `- \`${m.id}\` on \`${m.dataset}\`: ${m.source}${record}`;
    }),
    "",
    "| model | EDAP × asked | target ms | N_reuse | pattern | EDAP × lower | delay ms | energy mJ | ideal acc. | Δ pt | non-ideal acc. |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const m of r.models) {
    const b = m.baseline;
    lines.push(`| ${m.id} | – | – | 0 | unmodified | 1 | ${num(b.hardware.delay_ms)} | ${num(b.hardware.energy_mJ)} | ${ideal(b.ideal)} | – | ${nonideal(b.nonideal)} |`);
    for (const row of m.rows) {
      const s = row.search;
      const same = row.sameAsRatio !== null ? ` (= ${row.sameAsRatio}×)` : "";
      lines.push(
        `| ${m.id} | ${row.requestedRatio}${same} | ${num(row.target.delayTargetMs)} | ${s.reuseCount} | ${s.pattern.label}: ${s.pattern.encoders.join(",")} | ` +
          `${s.hardware.ratios.edapReduction.toFixed(3)} | ${num(s.hardware.reused.delay_ms)} | ${num(s.hardware.reused.energy_mJ)} | ${ideal(row.ideal)} | ` +
          `${row.deltaPt >= 0 ? "+" : "−"}${Math.abs(row.deltaPt).toFixed(2)} | ${nonideal(row.nonideal)} |`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
