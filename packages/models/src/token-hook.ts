import type { ExtraOp } from "@trex/hw";
import type { Tensor } from "@trex/tensor";
import type { AttentionResult } from "./attention.js";
import type { GraphEmitter } from "./graph-emitter.js";
import type { ForwardContext } from "./module.js";
import { Module } from "./module.js";

/** What a token hook sees: the tokens after the block's attention residual, and that attention. */
export interface TokenHookInput {
  /** Tokens [B, t, dim]; the first ctx.prefixTokens are class/distillation tokens and must be kept. */
  x: Tensor;
  /** The block's computed attention (probabilities, keys), or null when the block reuses attention. */
  attention: AttentionResult | null;
  /** 0-based encoder index. */
  block: number;
}

export interface TokenHookResult {
  /** The new tokens [B, t', dim]. */
  x: Tensor;
  /**
   * Maps any per-token tensor [B, t, k] to the new token set [B, t', k] the same way x was mapped
   * (gather for pruning, weighted average for merging). The model applies it to stored attention
   * outputs that later blocks reuse and to the attention bias/keep mask. Required when t' ≠ t.
   */
  carry?: (perToken: Tensor) => Tensor;
  /** Replaces the per-key attention bias [B, t'] for later blocks (undefined: carried; null: removed). */
  attnBias?: Tensor | null;
  /** Replaces the soft keep policy [B, t'] for later blocks (undefined: carried; null: removed). */
  keepMask?: Tensor | null;
}

/** Value names a hook's emit receives. */
export interface TokenHookEmitInput {
  x: string;
  /** Softmax probabilities [B, H, t, t] of the block's computed attention, or null. */
  probs: string | null;
  /** Keys [B, H, t, d_h], or null. */
  keys: string | null;
}

/**
 * A module a plugin inserts into an encoder, between the attention residual and the MLP, that may
 * change the token count (token pruning: predictor + top-k; merging: ToMe). Hooks are registered
 * under the block as `token_hook`, so their parameters get canonical names
 * (`blocks.3.token_hook.*`). The model's structure (spec) reports tokensOut and extraOps from here.
 */
export abstract class TokenHook extends Module {
  /** Short kind, e.g. "dynamicvit" or "tome". */
  abstract readonly kind: string;

  abstract forward(input: TokenHookInput, ctx: ForwardContext): TokenHookResult;

  /** Tokens after the hook at inference, for `tokensIn` tokens before it. */
  abstract tokensOut(tokensIn: number, prefixTokens: number): number;

  /** The hook's own work for the cost model (predictor products, sorting, merging); default none. */
  extraOps(_tokensIn: number, _dim: number): ExtraOp[] {
    return [];
  }

  /** Emits the inference form; returns the new token value [B, t', dim]. The hook's canonical name is `this.path`. */
  abstract emit(g: GraphEmitter, input: TokenHookEmitInput): string;

  /** A deep copy with the same parameter values (used by model.clone()). */
  abstract clone(): TokenHook;
}
