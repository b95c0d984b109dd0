// The Backend interface: every kernel descent runs. Kernels work on flat typed arrays and write into
// an output buffer the caller provides; they never allocate result storage and know nothing of
// Tensor or autograd. A backend missing a kernel fails to compile.
import type { FusedKernels } from './fused-kernels.js';

export type {
  Activation, AdagradHyper, AdamHyper, FusedKernels, MomentumHyper, RmspropHyper, SgdHyper,
} from './fused-kernels.js';

export type DType = 'float32' | 'float64';
export type Buf = Float32Array | Float64Array;
export type Shape = readonly number[];

/** out[i] = f(x[i]). `out` may be the same array as `x`. */
export type UnaryKernel = (x: Buf, out: Buf) => void;

/**
 * out = f(a, b) with NumPy broadcasting; `outShape` is the broadcast shape of `aShape` and `bShape`.
 * `out` may alias an input of the same shape.
 */
export type BinaryKernel = (a: Buf, aShape: Shape, b: Buf, bShape: Shape, out: Buf, outShape: Shape) => void;

/** Reduce `x` (of `shape`) over `axes` (sorted, unique, non-negative) into `out` (the kept axes). */
export type ReduceKernel = (x: Buf, shape: Shape, axes: readonly number[], out: Buf) => void;

export interface MatmulOptions {
  /** Read A as stored k x m and use its transpose. */
  readonly transA: boolean;
  /** Read B as stored n x k and use its transpose. */
  readonly transB: boolean;
  /** Add the product into `out` instead of overwriting it. */
  readonly accumulate?: boolean;
}

/** The resolved window of a 2-D convolution or pool over an (N, C, H, W) input: its sizes, the
 *  window (kh x kw, strides, pads before top/left, dilations) and the output size OH x OW. */
export interface Window2d {
  readonly n: number;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly ph: number;
  readonly pw: number;
  readonly dh: number;
  readonly dw: number;
  readonly oh: number;
  readonly ow: number;
}

/** Every kernel descent runs: the elementwise, reduction, GEMM and movement kernels, plus the fused
 *  kernels of a training step (FusedKernels). */
export interface Backend extends FusedKernels {
  readonly name: string;

  /**
   * Optional storage for new tensors: a zero-filled buffer that this backend's kernels use without
   * copying (the wasm backend's float32 buffers in its own memory), or null to let allocBuf make a
   * plain typed array (another dtype, or no room). Backends without it get plain arrays.
   */
  alloc?(dtype: DType, n: number): Buf | null;

  // Elementwise, one input.
  neg: UnaryKernel;
  exp: UnaryKernel;
  log: UnaryKernel;
  sqrt: UnaryKernel;
  abs: UnaryKernel;
  /** -1, 0 or 1; NaN stays NaN. */
  sign: UnaryKernel;
  sigmoid: UnaryKernel;
  tanh: UnaryKernel;
  relu: UnaryKernel;
  leakyRelu(x: Buf, alpha: number, out: Buf): void;
  clamp(x: Buf, low: number, high: number, out: Buf): void;
  powScalar(x: Buf, p: number, out: Buf): void;
  /** out[i] = x[i] * s. */
  scale(x: Buf, s: number, out: Buf): void;

  // Elementwise, two inputs, broadcasting.
  add: BinaryKernel;
  sub: BinaryKernel;
  mul: BinaryKernel;
  div: BinaryKernel;
  pow: BinaryKernel;
  maximum: BinaryKernel;
  minimum: BinaryKernel;
  /** 1 where a > b, else 0. */
  greater: BinaryKernel;
  /** 1 where a == b, else 0. */
  equal: BinaryKernel;
  /** out = cond != 0 ? a : b, all three broadcast to `outShape`. */
  where(cond: Buf, condShape: Shape, a: Buf, aShape: Shape, b: Buf, bShape: Shape, out: Buf, outShape: Shape): void;

  // Reductions.
  sum: ReduceKernel;
  /** Max; NaN wins over any number. */
  max: ReduceKernel;

  /**
   * out (m x n) = op(A) op(B), op(A) m x k, op(B) k x n, all row-major and contiguous.
   * `batch` > 1 runs that many independent products laid out back to back.
   */
  matmul(a: Buf, b: Buf, out: Buf, m: number, k: number, n: number, options: MatmulOptions, batch?: number): void;

  /** Softmax over the last axis of a rows x cols matrix, max-subtracted for stability. */
  softmax(x: Buf, rows: number, cols: number, out: Buf): void;
  /** Log-softmax over the last axis, x - max - log(sum(exp(x - max))). */
  logSoftmax(x: Buf, rows: number, cols: number, out: Buf): void;

  // Movement.
  /** out = x with its axes permuted: out.shape[i] = shape[perm[i]]. */
  permute(x: Buf, shape: Shape, perm: readonly number[], out: Buf): void;
  /** Copy the box of x starting at `starts` with shape `outShape` into out. */
  slice(x: Buf, shape: Shape, starts: readonly number[], out: Buf, outShape: Shape): void;
  /** Add src (of srcShape) into the box of out (of outShape) starting at `starts`. */
  sliceAdd(src: Buf, srcShape: Shape, starts: readonly number[], out: Buf, outShape: Shape): void;
  /** out[i] = x[i * cols + indices[i]] for a rows x cols matrix. */
  gather(x: Buf, rows: number, cols: number, indices: Int32Array, out: Buf): void;
  /** out[i * cols + indices[i]] += src[i]. */
  scatterAdd(src: Buf, rows: number, cols: number, indices: Int32Array, out: Buf): void;
  fill(out: Buf, value: number): void;

  // Windows (convolution as a matrix product).
  /**
   * The patch matrix of x (N, C, H, W): cols is (C kh kw) x (N OH OW), row (c, i, j), column
   * (n, oy, ox) holding x[n, c, oy sh - ph + i dh, ox sw - pw + j dw], 0 where that is outside x.
   */
  im2col(x: Buf, g: Window2d, cols: Buf): void;
  /** The adjoint of im2col: dx (N, C, H, W, overwritten) = each entry of cols added at its tap. */
  col2im(cols: Buf, g: Window2d, dx: Buf): void;
  /**
   * y (N, C, OH, OW) = the max of each window of x (dilation 1); padding is never the max. argmax[k]
   * is the flat index into x of y[k]: the FIRST max in the window's row-major order, or the first NaN.
   */
  maxPool2d(x: Buf, g: Window2d, y: Buf, argmax: Int32Array): void;
  /** dx (overwritten) = zeros with gy[k] added at argmax[k]: the max pool's input gradient. */
  maxPool2dBackward(gy: Buf, argmax: Int32Array, dx: Buf): void;
  /** y = the mean of each window of x, padding counted as zeros: the divisor is always kh kw. */
  avgPool2d(x: Buf, g: Window2d, y: Buf): void;
  /** dx (overwritten) = each gy[k] / (kh kw) added over its window: avgPool2d's adjoint. */
  avgPool2dBackward(gy: Buf, g: Window2d, dx: Buf): void;
}
