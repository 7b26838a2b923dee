import { KernelBackendError } from "./errors.js";
import { wasmBytes as relaxedWasmBytes } from "./kernels-relaxed-wasm.generated.js";
import { wasmBytes as simdWasmBytes } from "./kernels-wasm.generated.js";
import type { Kernels } from "./kernels.js";
import { checkGemm, checkLength, checkPermute, checkRows, checkSameLength, checkSizes } from "./validate.js";
import { badOp } from "./ts-kernels.js";
import { WasmArena } from "./wasm-arena.js";

// The WebAssembly SIMD backend: each call copies its operands into the module's linear memory (a bump
// arena reset per call), runs the AssemblyScript kernel (assembly/) and copies the result back.

/** The exports of assembly/index.ts (pointers are byte offsets, booleans 0/1). */
interface KernelsWasmExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  relaxedSimd(): number;
  gemmWorkspaceBytes(m: number, n: number, k: number): number;
  gemmBatched(
    a: number, b: number, c: number, batch: number, m: number, n: number, k: number,
    transA: number, transB: number, accumulate: number, ws: number,
  ): void;
  softmaxRows(x: number, out: number, rows: number, cols: number): void;
  layerNormRows(
    x: number, gamma: number, beta: number, out: number, mean: number, rstd: number,
    rows: number, cols: number, eps: number,
  ): void;
  gelu(x: number, out: number, n: number): void;
  geluBackward(x: number, dy: number, dx: number, n: number): void;
  sumRows(x: number, out: number, rows: number, cols: number, accumulate: number): void;
  softmaxBackwardRows(y: number, dy: number, dx: number, rows: number, cols: number): void;
  layerNormBackwardWorkspaceBytes(cols: number): number;
  layerNormBackwardRows(
    x: number, gamma: number, mean: number, rstd: number, dy: number, dx: number,
    dgamma: number, dbeta: number, ws: number, rows: number, cols: number,
  ): void;
  permute(src: number, dst: number, n: number, meta: number): void;
  binary(op: number, a: number, b: number, out: number, n: number): void;
  scale(x: number, s: number, out: number, n: number): void;
}

const OPS: Record<string, number> = { add: 0, sub: 1, mul: 2, div: 3 };

/** The WASM kernels plus introspection used by tests and benchmarks. */
export interface WasmKernels extends Kernels {
  /** Bytes of linear memory currently held (the high-water mark of all calls so far). */
  readonly memoryBytes: number;
}

/**
 * The two builds of assembly/: "relaxed-simd" adds fused multiply-adds in the GEMM micro-kernel (~15 %
 * faster; Chrome ≥ 114, Node ≥ 22, or Node 20 with --experimental-wasm-relaxed-simd), "simd" needs only
 * WebAssembly SIMD (Node ≥ 16.4, current browsers).
 */
export type WasmVariant = "simd" | "relaxed-simd";

const BYTES: Record<WasmVariant, () => Uint8Array> = { simd: simdWasmBytes, "relaxed-simd": relaxedWasmBytes };

/** Whether this runtime can compile the given build. */
export function wasmVariantSupported(variant: WasmVariant): boolean {
  return typeof WebAssembly === "object" && WebAssembly.validate(BYTES[variant]() as Uint8Array<ArrayBuffer>);
}

/** The fastest build this runtime supports ("simd" when neither validates, so compiling reports why). */
export function bestWasmVariant(): WasmVariant {
  return wasmVariantSupported("relaxed-simd") ? "relaxed-simd" : "simd";
}

/** Compiles an embedded build synchronously (fine in Node and workers; browsers' main thread refuses). */
export function compileKernelsModule(variant: WasmVariant = bestWasmVariant()): WebAssembly.Module {
  try {
    return new WebAssembly.Module(BYTES[variant]() as Uint8Array<ArrayBuffer>);
  } catch (e) {
    throw backendError(variant, e);
  }
}

/** Compiles an embedded build asynchronously (works everywhere, including a browser's main thread). */
export async function compileKernelsModuleAsync(variant: WasmVariant = bestWasmVariant()): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compile(BYTES[variant]() as Uint8Array<ArrayBuffer>);
  } catch (e) {
    throw backendError(variant, e);
  }
}

function backendError(variant: WasmVariant, e: unknown): KernelBackendError {
  return new KernelBackendError(
    `wasm kernels: this runtime cannot compile the "${variant}" WebAssembly module (${String(e)}); ` +
      "use a runtime with WebAssembly SIMD (Node ≥ 16.4, current browsers) or the \"simd\" build, call " +
      "initKernels() on a browser's main thread, or fall back to tsKernels.",
  );
}

/** Instantiates a compiled kernels module (each instance has its own memory) as a Kernels backend. */
export function createWasmKernels(module: WebAssembly.Module = compileKernelsModule()): WasmKernels {
  const ex = new WebAssembly.Instance(module, {}).exports as unknown as KernelsWasmExports;
  const arena = new WasmArena(ex.memory, ex.heapBase());
  const F = 4; // bytes per float

  function gemmCall(
    kernel: string, a: Float32Array, b: Float32Array, out: Float32Array,
    batch: number, m: number, n: number, k: number, transA: boolean, transB: boolean, accumulate: boolean,
  ): void {
    checkGemm(kernel, a, b, out, batch, m, n, k);
    const na = batch * m * k;
    const nb = batch * k * n;
    const nc = batch * m * n;
    if (nc === 0) return;
    const [pa, pb, pc, ws] = arena.reserve([na * F, nb * F, nc * F, ex.gemmWorkspaceBytes(m, n, k)]);
    arena.write(pa, a.subarray(0, na));
    arena.write(pb, b.subarray(0, nb));
    if (accumulate) arena.write(pc, out.subarray(0, nc));
    ex.gemmBatched(pa, pb, pc, batch, m, n, k, +transA, +transB, +accumulate, ws);
    arena.read(pc, out, nc);
  }

  return {
    name: ex.relaxedSimd() ? "wasm-relaxed-simd" : "wasm-simd",
    get memoryBytes() {
      return arena.byteLength;
    },

    gemm(a, b, out, m, n, k, transA, transB, accumulate) {
      gemmCall("gemm", a, b, out, 1, m, n, k, transA, transB, accumulate);
    },

    gemmBatched(a, b, out, batch, m, n, k, transA, transB, accumulate) {
      gemmCall("gemmBatched", a, b, out, batch, m, n, k, transA, transB, accumulate);
    },

    softmaxRows(x, out, rows, cols) {
      checkRows("softmaxRows", x, out, rows, cols);
      const len = rows * cols;
      if (len === 0) return;
      // Computed in place in linear memory, so out aliasing x is harmless.
      const [px] = arena.reserve([len * F]);
      arena.write(px, x.subarray(0, len));
      ex.softmaxRows(px, px, rows, cols);
      arena.read(px, out, len);
    },

    layerNormRows(x, gamma, beta, out, mean, rstd, rows, cols, eps) {
      checkRows("layerNormRows", x, out, rows, cols);
      checkLength("layerNormRows", "gamma", gamma, cols);
      checkLength("layerNormRows", "beta", beta, cols);
      checkLength("layerNormRows", "mean", mean, rows);
      checkLength("layerNormRows", "rstd", rstd, rows);
      const len = rows * cols;
      if (rows === 0) return;
      const [px, pg, pb, pm, pr] = arena.reserve([len * F, cols * F, cols * F, rows * F, rows * F]);
      arena.write(px, x.subarray(0, len));
      arena.write(pg, gamma.subarray(0, cols));
      arena.write(pb, beta.subarray(0, cols));
      ex.layerNormRows(px, pg, pb, px, pm, pr, rows, cols, eps);
      arena.read(px, out, len);
      arena.read(pm, mean, rows);
      arena.read(pr, rstd, rows);
    },

    gelu(x, out) {
      checkSameLength("gelu", { x, out });
      const len = x.length;
      if (len === 0) return;
      const [px] = arena.reserve([len * F]);
      arena.write(px, x);
      ex.gelu(px, px, len);
      arena.read(px, out, len);
    },

    geluBackward(x, dy, dx) {
      checkSameLength("geluBackward", { x, dy, dx });
      const len = x.length;
      if (len === 0) return;
      const [px, pd] = arena.reserve([len * F, len * F]);
      arena.write(px, x);
      arena.write(pd, dy);
      ex.geluBackward(px, pd, px, len);
      arena.read(px, dx, len);
    },

    sumRows(x, out, rows, cols, accumulate) {
      checkSizes("sumRows", { rows, cols });
      checkLength("sumRows", "x", x, rows * cols);
      checkLength("sumRows", "out", out, cols);
      if (cols === 0) return;
      const len = rows * cols;
      const [px, po] = arena.reserve([len * F, cols * F]);
      arena.write(px, x.subarray(0, len));
      if (accumulate) arena.write(po, out.subarray(0, cols));
      ex.sumRows(px, po, rows, cols, +accumulate);
      arena.read(po, out, cols);
    },

    softmaxBackwardRows(y, dy, dx, rows, cols) {
      checkRows("softmaxBackwardRows", y, dx, rows, cols);
      checkLength("softmaxBackwardRows", "dy", dy, rows * cols);
      const len = rows * cols;
      if (len === 0) return;
      // dx overwrites dy in linear memory, so dx aliasing dy is harmless.
      const [py, pd] = arena.reserve([len * F, len * F]);
      arena.write(py, y.subarray(0, len));
      arena.write(pd, dy.subarray(0, len));
      ex.softmaxBackwardRows(py, pd, pd, rows, cols);
      arena.read(pd, dx, len);
    },

    layerNormBackwardRows(x, gamma, mean, rstd, dy, dx, dgamma, dbeta, rows, cols) {
      checkRows("layerNormBackwardRows", x, dx, rows, cols);
      checkLength("layerNormBackwardRows", "dy", dy, rows * cols);
      for (const [name, arr] of [["gamma", gamma], ["dgamma", dgamma], ["dbeta", dbeta]] as const) {
        checkLength("layerNormBackwardRows", name, arr, cols);
      }
      checkLength("layerNormBackwardRows", "mean", mean, rows);
      checkLength("layerNormBackwardRows", "rstd", rstd, rows);
      if (cols === 0) return;
      const len = rows * cols;
      const [px, pg, pm, pr, pd, pgg, pgb, ws] = arena.reserve([
        len * F, cols * F, rows * F, rows * F, len * F, cols * F, cols * F, ex.layerNormBackwardWorkspaceBytes(cols),
      ]);
      arena.write(px, x.subarray(0, len));
      arena.write(pg, gamma.subarray(0, cols));
      arena.write(pm, mean.subarray(0, rows));
      arena.write(pr, rstd.subarray(0, rows));
      arena.write(pd, dy.subarray(0, len));
      // dx overwrites x in place: each row is read in full before its dx is stored.
      ex.layerNormBackwardRows(px, pg, pm, pr, pd, px, pgg, pgb, ws, rows, cols);
      arena.read(px, dx, len);
      arena.read(pgg, dgamma, cols);
      arena.read(pgb, dbeta, cols);
    },

    permute(x, out, shape, perm) {
      const { dims, strides, size } = checkPermute(x, out, shape, perm);
      if (size === 0) return;
      const n = dims.length;
      if (n < 2) {
        out.set(x.subarray(0, size)); // a scalar or a vector: nothing moves
        return;
      }
      const [px, po, pmeta] = arena.reserve([size * F, size * F, 3 * n * 4]);
      arena.write(px, x.subarray(0, size));
      const meta = new Int32Array(ex.memory.buffer, pmeta, 2 * n);
      meta.set(dims);
      meta.set(strides, n);
      ex.permute(px, po, n, pmeta);
      arena.read(po, out, size);
    },

    binary(op, a, b, out) {
      checkSameLength("binary", { a, b, out });
      const code = OPS[op];
      if (code === undefined) throw badOp(op);
      const len = a.length;
      if (len === 0) return;
      const [pa, pb] = arena.reserve([len * F, len * F]);
      arena.write(pa, a);
      arena.write(pb, b);
      ex.binary(code, pa, pb, pa, len);
      arena.read(pa, out, len);
    },

    scale(x, s, out) {
      checkSameLength("scale", { x, out });
      const len = x.length;
      if (len === 0) return;
      const [px] = arena.reserve([len * F]);
      arena.write(px, x);
      ex.scale(px, s, px, len);
      arena.read(px, out, len);
    },
  };
}

/** Compiles (asynchronously) and instantiates the WASM kernels, by default the fastest supported build. */
export async function createWasmKernelsAsync(variant: WasmVariant = bestWasmVariant()): Promise<WasmKernels> {
  return createWasmKernels(await compileKernelsModuleAsync(variant));
}
