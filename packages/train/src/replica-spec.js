export {};
//# sourceMappingURL=replica-spec.js.map