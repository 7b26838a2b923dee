/** "1h02m", "3m05s", "12s". */
export function formatDuration(seconds) {
    if (!Number.isFinite(seconds) || seconds < 0)
        return "?";
    const s = Math.round(seconds);
    if (s >= 3600)
        return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
    if (s >= 60)
        return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
    return `${s}s`;
}
/**
 * Estimated time left after `done` of `total` units took `elapsed` seconds in this run (units done in an
 * earlier, resumed-from run do not count towards the rate).
 */
export function eta(done, total, elapsed) {
    if (done <= 0)
        return Number.NaN;
    return ((total - done) * elapsed) / done;
}
//# sourceMappingURL=progress.js.map