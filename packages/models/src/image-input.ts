import type { Tensor } from "@trex/tensor";
import { ModelInputError } from "./errors.js";
import type { ModelInputs } from "./model-types.js";

/** The image tensor of an input, checked against [B, channels, size, size]. */
export function imageTensor(inputs: ModelInputs, channels: number, size: number, model: string): Tensor {
  const x = "inputIds" in inputs ? null : "pixels" in inputs ? inputs.pixels : (inputs as Tensor);
  if (!x || !("shape" in x)) {
    throw new ModelInputError(`${model} takes an image tensor [B, ${channels}, ${size}, ${size}] (or {pixels}), not token ids`);
  }
  const s = x.shape;
  if (s.length !== 4 || s[0] < 1) {
    throw new ModelInputError(`${model} expects images [B, ${channels}, ${size}, ${size}] (NCHW), got shape [${s.join(", ")}]`);
  }
  if (s[1] !== channels) throw new ModelInputError(`${model} expects ${channels} input channel(s), got ${s[1]} (shape [${s.join(", ")}])`);
  if (s[2] !== size || s[3] !== size) {
    throw new ModelInputError(`${model} expects ${size}×${size} images, got ${s[2]}×${s[3]}; resize the input or build the model with imageSize ${s[2]}`);
  }
  return x;
}
