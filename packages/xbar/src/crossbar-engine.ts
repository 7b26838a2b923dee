import type { ProductEngine, WeightHandle } from "@trex/tensor";
import { type ReadState, crossbarLinear } from "./crossbar-linear.js";
import { XbarShapeError } from "./errors.js";
import { getPreset, sram } from "./presets.js";
import { type ProgrammedMatrix, programWeights } from "./program.js";
import { ReadStream } from "./read-stream.js";
import type { CrossbarSettings } from "./settings.js";
import { validateSettings } from "./validate.js";

/** Options of `createCrossbarEngine`. */
export interface CrossbarEngineOptions {
  /** Design for static weights (Q/K/V, projection, MLP): a preset name or settings. */
  readonly static: CrossbarSettings | string;
  /** Design for run-time-written operands (Kᵀ, V); default "sram" (the paper's hybrid design). */
  readonly dynamic?: CrossbarSettings | string;
  /** Seed of every draw: programming variation, faults, read noise. */
  readonly seed: number;
}

interface CacheEntry {
  readonly version: number;
  readonly programmed: ProgrammedMatrix;
  readonly state: ReadState;
}

/**
 * A ProductEngine that runs every product on simulated crossbars. Static weights are programmed once per
 * WeightHandle version (write variation drawn then) and cached; dynamic operands are programmed afresh on
 * every product, as the hardware writes them for every input. Same seed and same call sequence ⇒
 * bit-identical outputs. Forward only: the tensor engine's backward uses ideal products.
 */
export class CrossbarEngine implements ProductEngine {
  readonly id: string;
  readonly staticSettings: CrossbarSettings;
  readonly dynamicSettings: CrossbarSettings;
  readonly seed: number;
  private readonly stream: ReadStream;
  private readonly cache = new WeakMap<object, CacheEntry>();
  private programmedCount = 0;
  private writtenCount = 0;

  constructor(options: CrossbarEngineOptions) {
    this.staticSettings = resolve(options.static);
    this.dynamicSettings = resolve(options.dynamic ?? sram);
    this.seed = options.seed >>> 0;
    this.stream = new ReadStream(this.seed);
    this.id = `xbar:${this.staticSettings.name}/${this.dynamicSettings.name}`;
  }

  /** The programmed state of a static weight (programs it if the cache has no entry for this version). */
  program(weight: Float32Array, outFeatures: number, inFeatures: number, handle: WeightHandle): ProgrammedMatrix {
    return this.entry(weight, outFeatures, inFeatures, handle).programmed;
  }

  linear(
    x: Float32Array,
    rows: number,
    inFeatures: number,
    weight: Float32Array,
    outFeatures: number,
    handle: WeightHandle,
  ): Float32Array {
    const e = this.entry(weight, outFeatures, inFeatures, handle);
    return crossbarLinear(e.programmed, x, rows, this.stream, e.state);
  }

  dynamic(
    a: Float32Array,
    b: Float32Array,
    batch: number,
    m: number,
    n: number,
    k: number,
    transB: boolean,
  ): Float32Array {
    if (a.length !== batch * m * k || b.length !== batch * k * n) {
      throw new XbarShapeError(
        `dynamic: a has ${a.length} values (expected batch·m·k = ${batch * m * k}), b has ${b.length} (expected batch·k·n = ${batch * k * n}).`,
      );
    }
    const out = new Float32Array(batch * m * n);
    // The written operand as a "weight" W[n × k] (column j of op(b) is crossbar column j).
    const w = new Float32Array(n * k);
    for (let i = 0; i < batch; i++) {
      const bo = i * k * n;
      if (transB) w.set(b.subarray(bo, bo + n * k));
      else for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) w[j * k + p] = b[bo + p * n + j];
      const prog = programWeights(w, n, k, this.dynamicSettings, this.drawSeed(0x0d1a, this.writtenCount++));
      out.set(crossbarLinear(prog, a.subarray(i * m * k, (i + 1) * m * k), m, this.stream), i * m * n);
    }
    return out;
  }

  private entry(weight: Float32Array, outFeatures: number, inFeatures: number, handle: WeightHandle): CacheEntry {
    const hit = this.cache.get(handle.key);
    if (hit !== undefined && hit.version === handle.version) {
      if (hit.programmed.outFeatures !== outFeatures || hit.programmed.inFeatures !== inFeatures) {
        throw new XbarShapeError(
          `linear: handle was programmed as ${hit.programmed.outFeatures}×${hit.programmed.inFeatures}, now used as ${outFeatures}×${inFeatures}; bump the handle's version when a weight changes.`,
        );
      }
      return hit;
    }
    const programmed = programWeights(
      weight,
      outFeatures,
      inFeatures,
      this.staticSettings,
      this.drawSeed(0x57a7, this.programmedCount++),
    );
    const e = { version: handle.version, programmed, state: {} };
    this.cache.set(handle.key, e);
    return e;
  }

  /** Seed of the n-th programming draw of a kind, derived from the engine seed. */
  private drawSeed(kind: number, n: number): number {
    let h = Math.imul(this.seed ^ Math.imul(kind, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(n + 1, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    return (h ^ (h >>> 13)) >>> 0;
  }
}

function resolve(s: CrossbarSettings | string): CrossbarSettings {
  return typeof s === "string" ? getPreset(s) : validateSettings(s);
}

/**
 * A crossbar engine for one layer (or a whole model): `createCrossbarEngine({ static: "fefet", dynamic:
 * "sram", seed: 1 })`. Give each layer its own engine (or share one) to choose designs per layer.
 */
export function createCrossbarEngine(options: CrossbarEngineOptions): CrossbarEngine {
  return new CrossbarEngine(options);
}
