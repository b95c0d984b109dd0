// Patch-matrix kernels for convolutions in plain TypeScript (float32 and float64): im2col lays each
// output position's receptive field out as a column, so a convolution is one matrix product with the
// (F, C kh kw) filters, and col2im is its adjoint (the input gradient). Rows run over (c, i, j) and
// columns over (n, oy, ox), so the inner loop walks one output row: contiguous in cols, strided by sw in x.
import type { Buf, Window2d } from '../backend.js';

/** The output indices o in [0, out) whose tap o * s - p + kd lies in [0, size), as [lo, hi). */
export function validRange(out: number, size: number, s: number, p: number, kd: number): [number, number] {
  const off = kd - p;
  const lo = off >= 0 ? 0 : Math.min(out, Math.ceil(-off / s));
  const hi = Math.min(out, Math.floor((size - 1 - off) / s) + 1);
  return [lo, Math.max(lo, hi)];
}

/** cols[(c kh + i) kw + j, (n OH + oy) OW + ox] = x[n, c, oy sh - ph + i dh, ox sw - pw + j dw], 0 outside. */
export function im2col(x: Buf, g: Window2d, cols: Buf): void {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = g;
  const plane = oh * ow;
  const width = n * plane;
  for (let ci = 0; ci < c; ci++) {
    for (let i = 0; i < kh; i++) {
      const [ylo, yhi] = validRange(oh, h, sh, ph, i * dh);
      for (let j = 0; j < kw; j++) {
        const [xlo, xhi] = validRange(ow, w, sw, pw, j * dw);
        const row = ((ci * kh + i) * kw + j) * width;
        for (let bi = 0; bi < n; bi++) {
          const col = row + bi * plane;
          const xo = (bi * c + ci) * h * w;
          // Rows of the output whose tap falls in the padding are zero; so are the columns at either end.
          cols.fill(0, col, col + ylo * ow);
          for (let oy = ylo; oy < yhi; oy++) {
            const dst = col + oy * ow;
            const src = xo + (oy * sh - ph + i * dh) * w - pw + j * dw;
            cols.fill(0, dst, dst + xlo);
            if (sw === 1) cols.set(x.subarray(src + xlo, src + xhi), dst + xlo);
            else for (let ox = xlo; ox < xhi; ox++) cols[dst + ox] = x[src + ox * sw]!;
            cols.fill(0, dst + xhi, dst + ow);
          }
          cols.fill(0, col + yhi * ow, col + plane);
        }
      }
    }
  }
}

/** dx (overwritten) = every cols entry added at the tap im2col read it from. */
export function col2im(cols: Buf, g: Window2d, dx: Buf): void {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = g;
  const plane = oh * ow;
  const width = n * plane;
  dx.fill(0);
  for (let ci = 0; ci < c; ci++) {
    for (let i = 0; i < kh; i++) {
      const [ylo, yhi] = validRange(oh, h, sh, ph, i * dh);
      for (let j = 0; j < kw; j++) {
        const [xlo, xhi] = validRange(ow, w, sw, pw, j * dw);
        const row = ((ci * kh + i) * kw + j) * width;
        for (let bi = 0; bi < n; bi++) {
          const col = row + bi * plane;
          const xo = (bi * c + ci) * h * w;
          for (let oy = ylo; oy < yhi; oy++) {
            const from = col + oy * ow;
            const to = xo + (oy * sh - ph + i * dh) * w - pw + j * dw;
            for (let ox = xlo; ox < xhi; ox++) dx[to + ox * sw]! += cols[from + ox]!;
          }
        }
      }
    }
  }
}
