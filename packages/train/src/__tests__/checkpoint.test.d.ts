export {};
//# sourceMappingURL=checkpoint.test.d.ts.map