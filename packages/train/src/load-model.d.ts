import { type ModelConfig, type TransformerModel } from "@trex/models";
import type { MethodPlugin, ParamSchema } from "@trex/registry";
import { type Checkpoint, type CheckpointHeader, type MethodRecord } from "./checkpoint.js";
/** What the loader needs from a registry: method lookup by id (TrexRegistry.methods fits). */
export interface MethodSource {
    get(id: string): MethodPlugin<ParamSchema, unknown, unknown>;
}
export interface ResolvedModel {
    readonly model: TransformerModel;
    /** The checkpoint's header (null for a fresh seeded init). */
    readonly header: CheckpointHeader | null;
    /** "checkpoint <path>", "embedded <id>" or "init <id> (seed s)". */
    readonly source: string;
    /** The checkpoint's tensors (optimizer moments included), for resuming. */
    readonly tensors: ReadonlyMap<string, import("@trex/tensor").Tensor> | null;
}
/** Re-applies recorded methods, in order, through their registry plugins. */
export declare function applyMethods(model: TransformerModel, methods: readonly MethodRecord[], registry: MethodSource | null): Promise<TransformerModel>;
/** Builds the model a checkpoint describes: base config → recorded methods → weights (strict by name). */
export declare function modelFromCheckpoint(ckpt: Checkpoint, registry: MethodSource | null, name?: string): Promise<TransformerModel>;
/** What `--model` refers to, without loading anything: a checkpoint file, an embedded checkpoint, or a fresh init. */
export declare function modelRefKind(idOrPath: string, options?: {
    cwd?: string;
    preferInit?: boolean;
}): "checkpoint" | "embedded" | "init";
/**
 * `--model`: a checkpoint path, else an id with an embedded checkpoint (@trex/zoo), else a registered
 * architecture with seeded init (`overrides` apply to fresh inits only, e.g. BERT's vocabSize).
 */
export declare function resolveModel(idOrPath: string, options?: {
    cwd?: string;
    registry?: MethodSource | null;
    overrides?: Partial<ModelConfig>;
    preferInit?: boolean;
}): Promise<ResolvedModel>;
//# sourceMappingURL=load-model.d.ts.map