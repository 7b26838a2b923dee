// Placeholder until @trex/hw commits `TransformerSpec` (packages/hw/src/structure.ts); then this file
// re-exports that type and nothing else changes.
export type TransformerSpec = Readonly<Record<string, unknown>>;
