// Convolution as matrix products on the tensor's backend, image by image: the patch matrix of image
// n (Backend.im2col, (C kh kw) x (OH OW)) times the filters (F, C kh kw) is that image's output
// (F, OH OW), written in place in the NCHW result, so no layout change is needed before or after.
// The two adjoints are GEMMs with the same operands transposed (the weight gradient accumulated over
// the images), and col2im for the input gradient. Every buffer comes from the step's buffer pool
// (scratchBuf: each is overwritten whole, so a reused one is not zeroed first): in the steady state
// nothing new is allocated.
import type { Activation, Backend, Buf, DType, Window2d } from '../backend/backend.js';
import { scratchBuf } from '../tensor/tensor.js';

/** Rows of one image's patch matrix (C kh kw), its columns (OH OW), and the geometry of one image. */
function perImage(g: Window2d): { rows: number; plane: number; one: Window2d; inSize: number } {
  return { rows: g.c * g.kh * g.kw, plane: g.oh * g.ow, one: { ...g, n: 1 }, inSize: g.c * g.h * g.w };
}

/** The patch matrices of every image of x, back to back: (N, C kh kw, OH OW). */
export function patches(be: Backend, dtype: DType, x: Buf, g: Window2d): Buf {
  const { rows, plane, one, inSize } = perImage(g);
  const size = rows * plane;
  const out = scratchBuf(dtype, g.n * size);
  for (let b = 0; b < g.n; b++) be.im2col(x.subarray(b * inSize, (b + 1) * inSize), one, out.subarray(b * size, (b + 1) * size));
  return out;
}

/**
 * y (N, F, OH, OW) = per image, act(w (F, C kh kw) times its patch matrix, plus b[f] on plane f).
 * `cols` holds every image's patch matrix (kept for the weight gradient), or is null: then each
 * image's is made in turn in one buffer (inference needs no more than one at a time).
 */
export function convForward(be: Backend, dtype: DType, x: Buf, cols: Buf | null, w: Buf, b: Buf | null, y: Buf, g: Window2d, f: number,
  act: Activation = 'none'): void {
  const { rows, plane, one, inSize } = perImage(g);
  const size = rows * plane;
  const outSize = f * plane;
  const single = cols === null ? scratchBuf(dtype, size) : null;
  for (let n = 0; n < g.n; n++) {
    const yn = y.subarray(n * outSize, (n + 1) * outSize);
    let patch: Buf;
    if (single === null) patch = cols!.subarray(n * size, (n + 1) * size);
    else {
      be.im2col(x.subarray(n * inSize, (n + 1) * inSize), one, single);
      patch = single;
    }
    // The bias is written first and the product accumulated onto it, the activation applied in the
    // GEMM's output pass: no separate pass over the output.
    if (b !== null) for (let fi = 0; fi < f; fi++) yn.fill(b[fi]!, fi * plane, (fi + 1) * plane);
    be.matmulBiasActivation(w, patch, yn, f, rows, plane, { transA: false, transB: false, accumulate: b !== null }, null, act);
  }
}

/** db[f] = gy (N, F, OH, OW) summed over N, OH and OW. */
export function convBiasGrad(be: Backend, dtype: DType, gy: Buf, g: Window2d, f: number, db: Buf): void {
  const planes = scratchBuf(dtype, g.n * f);
  be.sum(gy, [g.n * f, g.oh * g.ow], [1], planes);
  be.sum(planes, [g.n, f], [0], db);
}

/** dx (N, C, H, W) = per image, col2im(w^T gy_n): the input gradient. */
export function convInputGrad(be: Backend, dtype: DType, gy: Buf, w: Buf, dx: Buf, g: Window2d, f: number): void {
  const { rows, plane, one, inSize } = perImage(g);
  const outSize = f * plane;
  // One image's column gradient at a time: the buffer is reused across the batch.
  const dcols = scratchBuf(dtype, rows * plane);
  for (let n = 0; n < g.n; n++) {
    be.matmul(w, gy.subarray(n * outSize, (n + 1) * outSize), dcols, rows, f, plane, { transA: true, transB: false });
    be.col2im(dcols, one, dx.subarray(n * inSize, (n + 1) * inSize));
  }
}

/** dw (F, C kh kw) = the sum over images of gy_n cols_n^T, added into dw when `accumulate` (a parameter's .grad). */
export function convWeightGrad(be: Backend, gy: Buf, cols: Buf, dw: Buf, g: Window2d, f: number, accumulate: boolean): void {
  const { rows, plane } = perImage(g);
  const size = rows * plane;
  const outSize = f * plane;
  for (let n = 0; n < g.n; n++) {
    be.matmul(gy.subarray(n * outSize, (n + 1) * outSize), cols.subarray(n * size, (n + 1) * size), dw, f, plane, rows,
      { transA: false, transB: true, accumulate: accumulate || n > 0 });
  }
  // An empty batch leaves an overwritten gradient at zero.
  if (g.n === 0 && !accumulate) dw.fill(0);
}
