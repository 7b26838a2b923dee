export {};
//# sourceMappingURL=finetune.test.d.ts.map