export {};
//# sourceMappingURL=token-sites.test.d.ts.map