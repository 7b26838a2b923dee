import type { Weight } from "./graph-view.js";
import type { LinearMatch, NormMatch } from "./patterns.js";
import type { MatchRecord, NamedArray } from "./types.js";

/** Accumulates canonical parameters and where each came from. */
export class Collector {
  readonly named = new Map<string, NamedArray>();
  readonly matches: MatchRecord[] = [];

  add(name: string, w: Weight, transform: MatchRecord["transform"] = "identity", shape?: number[]): void {
    this.named.set(name, { data: w.data, shape: shape ?? [...w.shape] });
    this.matches.push({ name, source: w.source, transform });
  }

  /** A Linear's weight (and bias, if any) under `prefix`.weight / .bias. */
  linear(prefix: string, l: LinearMatch, transposedInFile: boolean): void {
    this.add(`${prefix}.weight`, l.weight, transposedInFile ? "transpose" : "identity");
    if (l.bias) this.add(`${prefix}.bias`, l.bias);
  }

  norm(prefix: string, n: NormMatch): void {
    this.add(`${prefix}.weight`, n.weight);
    this.add(`${prefix}.bias`, n.bias);
  }
}
