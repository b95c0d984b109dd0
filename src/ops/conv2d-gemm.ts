// Convolution as matrix products on the tensor's backend: the patch matrix of x (Backend.im2col,
// (C kh kw) x (N OH OW)) times the filters (F, C kh kw) gives the output as (F, N, OH OW), one GEMM
// for the whole batch so the packed kernels see large operands; a block copy then puts it in NCHW.
// The two adjoints are GEMMs with the same operands transposed, and col2im for the input gradient.
// Every buffer comes from allocBuf, so inside a training step's buffer pool nothing new is allocated.
import type { Backend, Buf, DType, Window2d } from '../backend/backend.js';
import { allocBuf } from '../tensor/tensor.js';

/** src (a, b, inner) -> dst (b, a, inner): swaps the two leading axes, moving whole blocks of `inner`. */
export function swapLeadingAxes(src: Buf, a: number, b: number, inner: number, dst: Buf): void {
  for (let i = 0; i < a; i++) {
    for (let j = 0; j < b; j++) {
      const from = (i * b + j) * inner;
      dst.set(src.subarray(from, from + inner), (j * a + i) * inner);
    }
  }
}

/** Rows of the patch matrix and its columns: C kh kw and N OH OW. */
export function patchSize(g: Window2d): { rows: number; cols: number; plane: number } {
  const plane = g.oh * g.ow;
  return { rows: g.c * g.kh * g.kw, cols: g.n * plane, plane };
}

/** The patch matrix of x, in a buffer of its own. */
export function patches(be: Backend, dtype: DType, x: Buf, g: Window2d): Buf {
  const { rows, cols } = patchSize(g);
  const out = allocBuf(dtype, rows * cols);
  be.im2col(x, g, out);
  return out;
}

/** y (N, F, OH, OW) = w (F, C kh kw) times the patch matrix, plus b[f] on plane f. */
export function convForward(be: Backend, dtype: DType, cols: Buf, w: Buf, b: Buf | null, y: Buf, g: Window2d, f: number): void {
  const { rows, cols: width, plane } = patchSize(g);
  const byFilter = allocBuf(dtype, f * width);
  // The bias is written first and the product accumulated onto it: no separate pass over the output.
  if (b !== null) for (let fi = 0; fi < f; fi++) byFilter.fill(b[fi]!, fi * width, (fi + 1) * width);
  be.matmul(w, cols, byFilter, f, rows, width, { transA: false, transB: false, accumulate: b !== null });
  swapLeadingAxes(byFilter, f, g.n, plane, y);
}

/** gy (N, F, OH, OW) as (F, N OH OW), the layout both adjoints multiply by. */
export function gradByFilter(dtype: DType, gy: Buf, g: Window2d, f: number): Buf {
  const { cols: width, plane } = patchSize(g);
  const out = allocBuf(dtype, f * width);
  swapLeadingAxes(gy, g.n, f, plane, out);
  return out;
}

/** dx (N, C, H, W) = col2im(w^T gyf): the input gradient, from gy as (F, N OH OW). */
export function convInputGrad(be: Backend, dtype: DType, gyf: Buf, w: Buf, dx: Buf, g: Window2d, f: number): void {
  const { rows, cols: width } = patchSize(g);
  const dcols = allocBuf(dtype, rows * width);
  be.matmul(w, gyf, dcols, rows, f, width, { transA: true, transB: false });
  be.col2im(dcols, g, dx);
}

/** dw (F, C kh kw) = gyf cols^T, added into dw when `accumulate` (a parameter's .grad). */
export function convWeightGrad(be: Backend, gyf: Buf, cols: Buf, dw: Buf, g: Window2d, f: number, accumulate: boolean): void {
  const { rows, cols: width } = patchSize(g);
  be.matmul(gyf, cols, dw, f, width, rows, { transA: false, transB: true, accumulate });
}
