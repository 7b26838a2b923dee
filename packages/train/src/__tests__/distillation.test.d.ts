export {};
//# sourceMappingURL=distillation.test.d.ts.map