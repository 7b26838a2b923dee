import { architectureSpec, listArchitectures, type TransformerSpec } from "@trex/hw";
import { createModel, getModelEntry, listModels, type TransformerModel } from "@trex/models";
import type { ModelPlugin } from "@trex/registry";
import { resolveModel } from "@trex/train";

/** Options a caller may pass to a built-in model's `create`. */
export interface BuiltinModelOptions {
  /** Start from the architecture's seeded init even when an embedded trained checkpoint exists. */
  preferInit?: boolean;
}

const hwArchitectures = new Set(listArchitectures());

function taskOf(family: string): string {
  return family === "bert" ? "sequence-classification" : "image-classification";
}

/**
 * One descriptor per architecture in @trex/models. `spec` is computed on first use: the weightless
 * @trex/hw architecture where one exists (tests in @trex/models prove the two equal), else the spec a
 * freshly built model emits — so listing the zoo never allocates DeiT-B's 86 M weights.
 */
function modelPlugin(id: string): ModelPlugin<TransformerModel, BuiltinModelOptions> {
  const entry = getModelEntry(id);
  let spec: TransformerSpec | undefined;
  return {
    id,
    description: entry.description,
    task: taskOf(entry.config.family),
    get spec(): TransformerSpec {
      spec ??= hwArchitectures.has(id) ? architectureSpec(id) : createModel(id).spec();
      return spec;
    },
    async create(options: BuiltinModelOptions = {}): Promise<TransformerModel> {
      // The same resolution `trex eval/train` use: the embedded checkpoint when @trex/zoo has one.
      return (await resolveModel(id, { preferInit: options.preferInit ?? false })).model;
    },
  };
}

/** Descriptors for every model id @trex/models registers. */
export function builtinModels(): ModelPlugin<TransformerModel, BuiltinModelOptions>[] {
  return listModels().map(modelPlugin);
}
