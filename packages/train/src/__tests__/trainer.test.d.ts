export {};
//# sourceMappingURL=trainer.test.d.ts.map