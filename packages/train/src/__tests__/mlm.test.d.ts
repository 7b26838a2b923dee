export {};
//# sourceMappingURL=mlm.test.d.ts.map