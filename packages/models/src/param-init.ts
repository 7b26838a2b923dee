import type { Parameter, Rng } from "@trex/tensor";
import { fill_, parameter, truncNormal_ } from "@trex/tensor";

/** A parameter drawn from trunc-normal(0, std) cut at ±2 std (timm's trunc_normal_(std=.02) default). */
export function truncParam(shape: number[], rng: Rng, std = 0.02): Parameter {
  const p = parameter(shape);
  truncNormal_(p, rng, { std });
  return p;
}

/** A parameter filled with a constant (LayerNorm/BN gains 1, biases 0). */
export function constParam(shape: number[], value: number): Parameter {
  const p = parameter(shape);
  if (value !== 0) fill_(p, value);
  return p;
}
