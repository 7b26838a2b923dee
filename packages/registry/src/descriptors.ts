import type { TransformerSpec } from "@trex/hw";

/**
 * A model (DeiT, LV-ViT, BERT, ...). Architecture, weights metadata and construction stay apart:
 * `spec` is the weightless description the hardware model costs, `create` builds a runnable model.
 */
export interface ModelPlugin<Model = unknown, Options = unknown> {
  readonly id: string;
  readonly description: string;
  /** What it is for, e.g. "image-classification" or "sequence-classification". */
  readonly task?: string;
  readonly spec?: TransformerSpec;
  create?(options: Options): Model | Promise<Model>;
}

/** A dataset (Fashion-MNIST, CoLA, ...); `load` reads it from local files, never the network. */
export interface DatasetPlugin<Data = unknown, Options = unknown> {
  readonly id: string;
  readonly description: string;
  readonly task?: string;
  load?(options: Options): Data | Promise<Data>;
}

/** A named hardware configuration: presets are data, not code (the `config` type belongs to @trex/hw). */
export interface HardwarePresetPlugin<Config = unknown> {
  readonly id: string;
  readonly description: string;
  readonly config: Config;
}
