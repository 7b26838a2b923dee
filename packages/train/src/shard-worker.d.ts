export {};
//# sourceMappingURL=shard-worker.d.ts.map