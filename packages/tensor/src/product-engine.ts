/**
 * The product seam: the one place that decides how a matrix product of a model is computed.
 *
 * The tensor engine's ops `linear` and `dynamicMatmul` call a ProductEngine for their forward pass. The
 * ideal engine runs the f32 kernels; the crossbar simulator (@trex/xbar) implements the same interface,
 * so a model can switch any layer — attention's QKᵀ and S·V included — to simulated hardware.
 * Backward passes always use the ideal product of the values the forward saw (straight-through
 * estimator), which is what variation-aware training needs.
 */

/**
 * Identifies a static weight so an engine that "programs" it into devices (drawing write variation
 * once) can cache the programmed state. `key` is stable for the parameter's lifetime; `version` changes
 * every time the values change (optimizer step, load), which invalidates the cache.
 */
export interface WeightHandle {
  readonly key: object;
  readonly version: number;
}

export interface ProductEngine {
  /** Short id, e.g. "ideal" or "xbar:fefet". */
  readonly id: string;

  /**
   * Static-weight product: returns y[rows×outFeatures] = x[rows×inFeatures] · Wᵀ with W stored
   * outFeatures×inFeatures (PyTorch Linear layout). Bias is added by the caller.
   */
  linear(
    x: Float32Array,
    rows: number,
    inFeatures: number,
    weight: Float32Array,
    outFeatures: number,
    handle: WeightHandle,
  ): Float32Array;

  /**
   * Dynamic product, one operand written into crossbars at run time (Kᵀ for QKᵀ, V for S·V):
   * for each of `batch` blocks, out[m×n] = a[m×k] · op(b), op(b) = b (k×n) or bᵀ (b stored n×k) when
   * transB. `b` is the written operand.
   */
  dynamic(
    a: Float32Array,
    b: Float32Array,
    batch: number,
    m: number,
    n: number,
    k: number,
    transB: boolean,
  ): Float32Array;
}
