// Timing helpers for package benchmarks. A benchmark measures its subject and a reference in the same
// run and reports the ratio, so numbers stay comparable on shared, noisy machines.
import { appendFileSync } from "node:fs";

/** Median seconds per call of fn, after warm-up, over at least minTimeS seconds and minRuns runs. */
export async function timeit(fn, { minTimeS = 0.5, minRuns = 3, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  const start = performance.now();
  while (times.length < minRuns || (performance.now() - start) / 1000 < minTimeS) {
    const t0 = performance.now();
    await fn();
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/**
 * Report one result row. `reference` is the value of the same measure for the reference measured in
 * this run (or null), `ratio` = value / reference. Rows go to the file named by TREX_BENCH_OUT (one JSON
 * object per line) when the root runner collects them, else to stdout.
 */
export function report({ name, value, unit, reference = null, ratio = null }) {
  const row = { name, value, unit, reference, ratio: ratio ?? (reference ? value / reference : null) };
  const out = process.env.TREX_BENCH_OUT;
  if (out) appendFileSync(out, `${JSON.stringify(row)}\n`);
  else console.log(JSON.stringify(row));
  return row;
}

/** True when the runner asks for a quick pass (fewer repeats), e.g. in smoke tests. */
export const quick = process.env.TREX_BENCH_QUICK === "1";
