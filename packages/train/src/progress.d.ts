/** Where progress lines go (process.stderr in the CLI). */
export interface ProgressSink {
    write(text: string): unknown;
}
/** "1h02m", "3m05s", "12s". */
export declare function formatDuration(seconds: number): string;
/**
 * Estimated time left after `done` of `total` units took `elapsed` seconds in this run (units done in an
 * earlier, resumed-from run do not count towards the rate).
 */
export declare function eta(done: number, total: number, elapsed: number): number;
//# sourceMappingURL=progress.d.ts.map