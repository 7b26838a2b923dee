/** Where progress lines go (process.stderr in the CLI). */
export interface ProgressSink {
  write(text: string): unknown;
}

/** "1h02m", "3m05s", "12s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${s}s`;
}

/**
 * Estimated time left after `done` of `total` units took `elapsed` seconds in this run (units done in an
 * earlier, resumed-from run do not count towards the rate).
 */
export function eta(done: number, total: number, elapsed: number): number {
  if (done <= 0) return Number.NaN;
  return ((total - done) * elapsed) / done;
}
