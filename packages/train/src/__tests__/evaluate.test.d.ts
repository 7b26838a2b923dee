export {};
//# sourceMappingURL=evaluate.test.d.ts.map