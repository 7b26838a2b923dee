import type { MethodPlugin, ParamSchema } from "../index.js";

const reuseParams = {
  reuse: { type: "int-list", description: "encoders that reuse attention (1-based)", default: [4, 6, 8], min: 2 },
  chain: { type: "enum", values: ["nearest", "original"], default: "nearest", description: "source of a chained TB" },
} as const satisfies ParamSchema;

/** A small but complete method descriptor; each test builds its own copy (registration freezes it). */
export function reuseMethod(id = "trex-reuse"): MethodPlugin<typeof reuseParams> {
  return {
    id,
    kind: "reuse",
    description: "Attention reuse through a transformation block",
    apiVersion: "1.0",
    params: reuseParams,
  };
}
