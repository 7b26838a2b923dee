export {};
//# sourceMappingURL=zoo.test.d.ts.map