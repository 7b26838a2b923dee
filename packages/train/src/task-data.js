export {};
//# sourceMappingURL=task-data.js.map