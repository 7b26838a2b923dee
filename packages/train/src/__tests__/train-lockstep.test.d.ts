export {};
//# sourceMappingURL=train-lockstep.test.d.ts.map