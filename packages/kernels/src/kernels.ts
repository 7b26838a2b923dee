/**
 * The kernel contract. Every backend (WASM and the plain-TypeScript reference) implements exactly this
 * interface; callers (the tensor engine) depend on the interface only.
 *
 * Conventions: all matrices are dense row-major Float32Array views; `out` is written (or accumulated into
 * when `accumulate` is true) and never aliases an input unless a kernel says so.
 */
export interface Kernels {
  /** Backend name, e.g. "wasm-simd" or "ts". */
  readonly name: string;

  /**
   * out[m×n] (+)= op(a) · op(b), where op(a) is m×k (a stored k×m when transA) and op(b) is k×n
   * (b stored n×k when transB).
   */
  gemm(
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    m: number,
    n: number,
    k: number,
    transA: boolean,
    transB: boolean,
    accumulate: boolean,
  ): void;

  /**
   * `batch` independent GEMMs over contiguous blocks: a at i·m·k, b at i·k·n (or i·n·k when transB),
   * out at i·m·n. Used for multi-head attention.
   */
  gemmBatched(
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    batch: number,
    m: number,
    n: number,
    k: number,
    transA: boolean,
    transB: boolean,
    accumulate: boolean,
  ): void;

  /** Numerically stable softmax of each of `rows` rows of length `cols`. out may alias x. */
  softmaxRows(x: Float32Array, out: Float32Array, rows: number, cols: number): void;

  /**
   * LayerNorm over the last axis: out = (x − mean) · rstd · gamma + beta. Writes the per-row mean and
   * rstd (1/sqrt(var + eps)) to `mean` / `rstd` for the backward pass.
   */
  layerNormRows(
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    out: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
    rows: number,
    cols: number,
    eps: number,
  ): void;

  /** Exact (erf) GELU, elementwise. out may alias x. */
  gelu(x: Float32Array, out: Float32Array): void;

  /** dx = dy · GELU'(x), elementwise. */
  geluBackward(x: Float32Array, dy: Float32Array, dx: Float32Array): void;

  /** Sum over the rows of a rows×cols matrix: out[c] (+)= Σ_r x[r, c] (bias gradients). */
  sumRows(x: Float32Array, out: Float32Array, rows: number, cols: number, accumulate: boolean): void;

  /** Softmax backward from its output y: dx = y ⊙ (dy − Σ_c dy·y) per row. dx may alias dy. */
  softmaxBackwardRows(y: Float32Array, dy: Float32Array, dx: Float32Array, rows: number, cols: number): void;

  /**
   * LayerNorm backward from the forward's per-row `mean` / `rstd` (as layerNormRows wrote them): with
   * x̂ = (x − mean)·rstd and d = dy·gamma, dx = rstd·(d − mean_c(d) − x̂·mean_c(d·x̂)); dgamma = Σ_r dy·x̂ and
   * dbeta = Σ_r dy are written (not added).
   */
  layerNormBackwardRows(
    x: Float32Array,
    gamma: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
    dgamma: Float32Array,
    dbeta: Float32Array,
    rows: number,
    cols: number,
  ): void;

  /**
   * Axis permutation: x is a dense row-major tensor of `shape`; out (same size, no aliasing) gets it laid
   * out in axis order `perm` (output axis i is input axis perm[i]).
   */
  permute(x: Float32Array, out: Float32Array, shape: readonly number[], perm: readonly number[]): void;

  /**
   * out = a op b elementwise for op "add" | "sub" | "mul" | "div" (arrays of equal length); out may alias
   * a or b. Equal, bit for bit, to the float32-stored JavaScript loop.
   */
  binary(op: BinaryOp, a: Float32Array, b: Float32Array, out: Float32Array): void;

  /** out = x·s elementwise, the product formed in float64 and rounded once (as JavaScript does); out may alias x. */
  scale(x: Float32Array, s: number, out: Float32Array): void;
}

/** The elementwise operations of `Kernels.binary`. */
export type BinaryOp = "add" | "sub" | "mul" | "div";
