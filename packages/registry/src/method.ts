import type { ParamSchema, ParamValues } from "./params.js";
import type { TransformerSpec } from "@trex/hw";

/** What a method does to a transformer, for grouping in listings and comparisons. */
export type MethodKind = "reuse" | "token-pruning" | "weight-sharing" | "other";

export const METHOD_KINDS: readonly MethodKind[] = ["reuse", "token-pruning", "weight-sharing", "other"];

/** The fine-tuning budget a method may spend (the CLI and web app fill what they know; the rest is the method's default). */
export interface FinetuneBudget {
  readonly epochs?: number;
  readonly steps?: number;
  /** Fraction of the training data to use, in (0, 1] (the TReX search trains on 0.2). */
  readonly dataFraction?: number;
  readonly learningRate?: number;
  /** Seed for every random draw the fine-tuning makes. */
  readonly seed: number;
}

/**
 * An efficiency method (TReX attention reuse, a token-pruning or weight-sharing baseline, ...) as a plain
 * descriptor. The registry only stores it: `Model` and `Data` stay generic here and are fixed by the
 * packages that define models and datasets. Methods are declared with method syntax so a
 * `MethodPlugin<MySchema>` is accepted where a `MethodPlugin` is expected.
 */
export interface MethodPlugin<S extends ParamSchema = ParamSchema, Model = unknown, Data = unknown> {
  readonly id: string;
  readonly kind: MethodKind;
  /** One line for `trex list` and the web app. */
  readonly description: string;
  /** The plugin API this descriptor was written against, e.g. "1.0" (see PLUGIN_API_VERSION). */
  readonly apiVersion: string;
  readonly params: S;
  /** The structural effect on a weightless architecture description (what the hardware model costs). */
  transformSpec?(spec: TransformerSpec, params: ParamValues<S>): TransformerSpec;
  /** Build the transformed model from a trained one (new modules may be untrained until `finetune`). */
  apply?(model: Model, params: ParamValues<S>): Model | Promise<Model>;
  /** Recover accuracy after `apply`, distilling from `teacher` (the unmodified model). */
  finetune?(model: Model, teacher: Model, data: Data, budget: FinetuneBudget): Model | Promise<Model>;
}
