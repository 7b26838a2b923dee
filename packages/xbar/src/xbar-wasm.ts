import { XbarError } from "./errors.js";
import { GAUSS_TABLE_SIZE } from "./gaussian-table.js";
import { KERNEL_TILE_ROWS } from "./program.js";
import { wasmBytes } from "./xbar-wasm.generated.js";

/** The kernel module's exports (see assembly/index.ts). */
interface XbarExports {
  readonly memory: WebAssembly.Memory;
  readonly LUT_BYTES: WebAssembly.Global;
  readonly GAUSS_ENTRIES: WebAssembly.Global;
  readonly TILE_ROWS: WebAssembly.Global;
  heapBase(): number;
  read(
    masks: number,
    rows: number,
    tiles: number,
    steps: number,
    planes: number,
    levels: number,
    nv: number,
    stepW: number,
    acc: number,
    lut: number,
    zScale: number,
    sigma: number,
    gmin: number,
    hUnit: number,
    gauss: number,
    rng: number,
    noise: number,
    invDelta: number,
    maxCode: number,
    hist: number,
    histBins: number,
    nvReal: number,
  ): void;
  read1(
    masks: number,
    rows: number,
    tiles: number,
    steps: number,
    levels: number,
    nv: number,
    stepW: number,
    acc: number,
    lut: number,
    offs: number,
    zScale: number,
    sigma: number,
    gmin: number,
    hUnit: number,
    gauss: number,
    rng: number,
    noise: number,
    invDelta: number,
    maxCode: number,
  ): void;
}

/**
 * One instantiated kernel with its fixed regions (RNG state, look-up table) and a
 * per-call arena above them. The module is compiled synchronously on first use: it is under the 4 KiB
 * that browsers allow on the main thread (a test guards that); `initXbar()` compiles asynchronously.
 */
export class XbarWasm {
  readonly ex: XbarExports;
  readonly rngState: number;
  readonly lut: number;
  private readonly arenaBase: number;
  private top: number;

  constructor(module: WebAssembly.Module = new WebAssembly.Module(wasmBytes() as BufferSource)) {
    const instance = new WebAssembly.Instance(module, {
      env: {
        abort: () => {
          throw new Error("xbar kernel aborted");
        },
      },
    });
    this.ex = instance.exports as unknown as XbarExports;
    // The layout constants are defined once in the kernel; a stale build fails here, not with wrong numbers.
    if (this.ex.GAUSS_ENTRIES.value !== GAUSS_TABLE_SIZE || this.ex.TILE_ROWS.value !== KERNEL_TILE_ROWS) {
      throw new XbarError("xbar kernel and wrapper disagree on table size or tile rows; rebuild the package.");
    }
    let p = align(this.ex.heapBase());
    this.rngState = p;
    p += 64;
    this.lut = p;
    p += Number(this.ex.LUT_BYTES.value);
    this.arenaBase = p;
    this.top = p;
    this.ensure(p);
  }

  /** Forgets every arena allocation (call at the start of each product). */
  reset(): void {
    this.top = this.arenaBase;
  }

  /** Reserves `bytes` (16-byte aligned) in the arena, growing memory if needed; returns the offset. */
  alloc(bytes: number): number {
    const p = this.top;
    this.top = align(p + bytes);
    this.ensure(this.top);
    return p;
  }

  f32(): Float32Array {
    return new Float32Array(this.ex.memory.buffer);
  }

  i16(): Int16Array {
    return new Int16Array(this.ex.memory.buffer);
  }

  f64(): Float64Array {
    return new Float64Array(this.ex.memory.buffer);
  }

  u32(): Uint32Array {
    return new Uint32Array(this.ex.memory.buffer);
  }

  private ensure(end: number): void {
    const have = this.ex.memory.buffer.byteLength;
    if (end > have) this.ex.memory.grow(Math.ceil((end - have) / 65536));
  }
}

function align(p: number): number {
  return Math.ceil(p / 16) * 16;
}

let shared: XbarWasm | null = null;

/** The package's kernel instance (created on first use; products run one at a time on it). */
export function xbarWasm(): XbarWasm {
  if (shared === null) shared = new XbarWasm();
  return shared;
}

/** Compiles the kernel asynchronously (optional; for hosts that refuse synchronous compiles). */
export async function initXbar(): Promise<void> {
  if (shared === null) shared = new XbarWasm(await WebAssembly.compile(wasmBytes() as BufferSource));
}

/** Size in bytes of the embedded kernel binary. */
export function xbarWasmSize(): number {
  return wasmBytes().length;
}
