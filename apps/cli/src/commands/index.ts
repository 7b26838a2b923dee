import type { RegisterCommand } from "./command.js";
import { register as checkOnnx } from "./check-onnx.js";
import { register as evalCommand } from "./eval.js";
import { register as exportModel } from "./export.js";
import { register as hw } from "./hw.js";
import { register as list } from "./list.js";
import { register as search } from "./search.js";
import { register as study } from "./study.js";
import { register as train } from "./train.js";

/** Every trex subcommand, in help order. Add one line per command file. */
export const commands: readonly RegisterCommand[] = [
  list,
  hw,
  train,
  search,
  study,
  evalCommand,
  checkOnnx,
  exportModel,
];
