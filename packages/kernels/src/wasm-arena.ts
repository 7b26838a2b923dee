import { KernelBackendError } from "./errors.js";

const PAGE = 65536;

/**
 * A bump allocator over a WebAssembly memory, reset at the start of every kernel call, so nothing leaks:
 * linear memory only ever holds the operands of the call in flight and stays at its high-water mark.
 *
 * Growing the memory detaches every existing view of its buffer; `heap()` therefore re-creates the
 * Float32Array view whenever the buffer has changed — callers must not hold a view across `reserve()`.
 */
export class WasmArena {
  private view: Float32Array;
  private top: number;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly base: number,
  ) {
    this.base = align16(base);
    this.top = this.base;
    this.view = new Float32Array(memory.buffer);
  }

  /** Lays out blocks of the given byte sizes (16-byte aligned), growing memory once if needed. */
  reserve(byteSizes: readonly number[]): number[] {
    this.top = this.base;
    const offsets = byteSizes.map((size) => {
      const at = this.top;
      this.top = align16(this.top + size);
      return at;
    });
    const have = this.memory.buffer.byteLength;
    if (this.top > have) {
      const pages = Math.ceil((this.top - have) / PAGE);
      try {
        this.memory.grow(pages);
      } catch (e) {
        throw new KernelBackendError(
          `wasm kernels: cannot grow linear memory by ${pages} pages to ${this.top} bytes (${String(e)}); ` +
            "split the call into smaller ones (e.g. fewer batch entries) or use tsKernels.",
        );
      }
    }
    return offsets;
  }

  /** The current Float32Array view of the whole memory (re-created after a grow). */
  heap(): Float32Array {
    if (this.view.buffer !== this.memory.buffer) this.view = new Float32Array(this.memory.buffer);
    return this.view;
  }

  /** Copies src into linear memory at byte offset `at`. */
  write(at: number, src: Float32Array): void {
    this.heap().set(src, at >>> 2);
  }

  /** Copies `length` floats at byte offset `at` into dst. */
  read(at: number, dst: Float32Array, length: number): void {
    const i = at >>> 2;
    dst.set(this.heap().subarray(i, i + length));
  }

  /** Current size of linear memory in bytes. */
  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }
}

function align16(x: number): number {
  return (x + 15) & ~15;
}
