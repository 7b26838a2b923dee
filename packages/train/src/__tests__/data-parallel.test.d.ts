export {};
//# sourceMappingURL=data-parallel.test.d.ts.map