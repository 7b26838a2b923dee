import type { Parameter, ProductEngine, Rng, Tensor } from "@trex/tensor";
import { idealEngine } from "@trex/tensor";
import type { LayerRef } from "./layer-ref.js";

/** Per-forward state every module sees: mode, the engine choice, and the token-level attention state. */
export interface ForwardContext {
  readonly train: boolean;
  /** The engine for a product (the model's per-layer assignment; ideal by default). */
  engineFor(ref: LayerRef): ProductEngine;
  /** Learned tokens at the front of the sequence (class, distillation) that hooks must keep. */
  readonly prefixTokens: number;
  /**
   * Additive per-key attention bias [B, t] added to every head's scores before softmax (BERT's padding
   * mask; ToMe's log-size bias). Token hooks that change t must replace it.
   */
  attnBias: Tensor | null;
  /** Soft per-token keep policy [B, t] in [0, 1] (DynamicViT training-time pruning), or null. */
  keepMask: Tensor | null;
  /** Seeded generator for training-time randomness (Gumbel noise, dropout) in plugins; null in eval. */
  readonly rng: Rng | null;
  /** BERT: also classify every token with the pooler + classifier (ModelOutput.tokenLogits). */
  readonly tokenLogits?: boolean;
}

/** A context for running one module on its own (tests, plugins): ideal engine, eval mode, no masks. */
export function plainContext(options: Partial<Pick<ForwardContext, "train" | "prefixTokens" | "rng">> = {}): ForwardContext {
  return {
    train: options.train ?? false,
    engineFor: () => idealEngine,
    prefixTokens: options.prefixTokens ?? 0,
    attnBias: null,
    keepMask: null,
    rng: options.rng ?? null,
  };
}

/**
 * A node of the module tree. Parameters, buffers and children are registered under names; a child's
 * name may contain dots ("attention.self") so trees can mirror another library's state_dict layout.
 * The same module may be registered in several places (weight sharing): namedParameters reports it
 * once, under the first name, like PyTorch's named_parameters().
 */
export abstract class Module {
  /** Canonical dotted name in the model (set when the model is assembled; a shared module keeps its first name). */
  path = "";
  private readonly paramSlots = new Map<string, Parameter>();
  private readonly bufferSlots = new Map<string, Tensor>();
  private readonly childSlots = new Map<string, Module>();

  protected registerParameter<P extends Parameter>(name: string, p: P): P {
    this.paramSlots.set(name, p);
    return p;
  }

  /** Non-trainable state that is still saved and loaded (BatchNorm running statistics). */
  protected registerBuffer<T extends Tensor>(name: string, t: T): T {
    this.bufferSlots.set(name, t);
    return t;
  }

  protected registerModule<M extends Module>(name: string, m: M): M {
    this.childSlots.set(name, m);
    return m;
  }

  protected unregisterModule(name: string): void {
    this.childSlots.delete(name);
  }

  /** Direct children by registered name. */
  children(): [string, Module][] {
    return [...this.childSlots];
  }

  /** Every module in the tree (depth first, this one first), each once, with its first name. */
  namedModules(prefix = ""): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const walk = (m: Module, p: string) => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([p, m]);
      for (const [n, c] of m.childSlots) walk(c, joinName(p, n));
    };
    walk(this, prefix);
    return out;
  }

  private walkTensors(kind: "params" | "buffers", aliases: boolean): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    const walk = (m: Module, p: string) => {
      const slots = kind === "params" ? m.paramSlots : m.bufferSlots;
      for (const [n, t] of slots) {
        if (!aliases && seen.has(t)) continue;
        seen.add(t);
        out.push([joinName(p, n), t]);
      }
      for (const [n, c] of m.childSlots) walk(c, joinName(p, n));
    };
    walk(this, "");
    return out;
  }

  /** Trainable parameters by canonical name; a shared parameter appears once, under its first name. */
  namedParameters(): [string, Parameter][] {
    return this.walkTensors("params", false) as [string, Parameter][];
  }

  /** The trainable parameters (deduplicated), e.g. for an optimizer. */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Buffers (running statistics) by canonical name. */
  namedBuffers(): [string, Tensor][] {
    return this.walkTensors("buffers", false);
  }

  /**
   * The full state (parameters and buffers) by name. With `aliases`, a shared tensor is listed under
   * every name it is reachable by, like a PyTorch state_dict.
   */
  stateEntries(aliases = false): [string, Tensor][] {
    return [...this.walkTensors("params", aliases), ...this.walkTensors("buffers", aliases)];
  }
}

/** Dotted name of a child; an empty child name flattens the child into its parent (BERT's split MLP). */
export function joinName(prefix: string, name: string): string {
  if (!prefix) return name;
  return name ? `${prefix}.${name}` : prefix;
}
