// Direct-loop conv2d kernels in plain TypeScript (the reference, float32 and float64 alike): the
// forward pass and its two adjoints. Each writes into a caller-provided buffer. Out-of-bounds taps
// are the zero padding and are skipped. Loop order keeps the innermost loop over output columns.
import type { Buf } from '../backend/backend.js';
import type { Geometry2d } from './conv-geometry.js';

/** The range of output indices o in [0, out) whose tap o * s - p + k * d lies in [0, size). */
function validRange(out: number, size: number, s: number, p: number, kd: number): [number, number] {
  // o * s + off in [0, size) with off = kd - p.
  const off = kd - p;
  const lo = off >= 0 ? 0 : Math.ceil(-off / s);
  const hi = Math.min(out, Math.floor((size - 1 - off) / s) + 1);
  return [lo, Math.max(lo, hi)];
}

/** y[n, f, oy, ox] = b[f] + sum over c, i, j of x[n, c, oy sh - ph + i dh, ox sw - pw + j dw] w[f, c, i, j]. */
export function conv2dForward(x: Buf, w: Buf, b: Buf | null, y: Buf, g: Geometry2d, f: number): void {
  const { n, c, h, w: width, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = g;
  const plane = oh * ow;
  for (let bi = 0; bi < n; bi++) {
    for (let fi = 0; fi < f; fi++) {
      const yo = (bi * f + fi) * plane;
      y.fill(b === null ? 0 : b[fi]!, yo, yo + plane);
      for (let ci = 0; ci < c; ci++) {
        const xo = (bi * c + ci) * h * width;
        const wo = ((fi * c + ci) * kh) * kw;
        for (let i = 0; i < kh; i++) {
          const [ylo, yhi] = validRange(oh, h, sh, ph, i * dh);
          for (let j = 0; j < kw; j++) {
            const wv = w[wo + i * kw + j]!;
            const [xlo, xhi] = validRange(ow, width, sw, pw, j * dw);
            for (let oy = ylo; oy < yhi; oy++) {
              const xr = xo + (oy * sh - ph + i * dh) * width - pw + j * dw;
              const yr = yo + oy * ow;
              for (let ox = xlo; ox < xhi; ox++) y[yr + ox]! += wv * x[xr + ox * sw]!;
            }
          }
        }
      }
    }
  }
}

/** dx = the adjoint of conv2dForward in x: each g[n, f, oy, ox] w[f, c, i, j] added at its tap. dx is overwritten. */
export function conv2dInputGrad(gy: Buf, w: Buf, dx: Buf, g: Geometry2d, f: number): void {
  const { n, c, h, w: width, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = g;
  dx.fill(0);
  const plane = oh * ow;
  for (let bi = 0; bi < n; bi++) {
    for (let fi = 0; fi < f; fi++) {
      const yo = (bi * f + fi) * plane;
      for (let ci = 0; ci < c; ci++) {
        const xo = (bi * c + ci) * h * width;
        const wo = ((fi * c + ci) * kh) * kw;
        for (let i = 0; i < kh; i++) {
          const [ylo, yhi] = validRange(oh, h, sh, ph, i * dh);
          for (let j = 0; j < kw; j++) {
            const wv = w[wo + i * kw + j]!;
            const [xlo, xhi] = validRange(ow, width, sw, pw, j * dw);
            for (let oy = ylo; oy < yhi; oy++) {
              const xr = xo + (oy * sh - ph + i * dh) * width - pw + j * dw;
              const yr = yo + oy * ow;
              for (let ox = xlo; ox < xhi; ox++) dx[xr + ox * sw]! += wv * gy[yr + ox]!;
            }
          }
        }
      }
    }
  }
}

/** dw[f, c, i, j] = sum over n, oy, ox of g[n, f, oy, ox] x[n, c, tap]: the adjoint in w. dw is overwritten. */
export function conv2dWeightGrad(x: Buf, gy: Buf, dwBuf: Buf, g: Geometry2d, f: number): void {
  const { n, c, h, w: width, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = g;
  dwBuf.fill(0);
  const plane = oh * ow;
  for (let bi = 0; bi < n; bi++) {
    for (let fi = 0; fi < f; fi++) {
      const yo = (bi * f + fi) * plane;
      for (let ci = 0; ci < c; ci++) {
        const xo = (bi * c + ci) * h * width;
        const wo = ((fi * c + ci) * kh) * kw;
        for (let i = 0; i < kh; i++) {
          const [ylo, yhi] = validRange(oh, h, sh, ph, i * dh);
          for (let j = 0; j < kw; j++) {
            const [xlo, xhi] = validRange(ow, width, sw, pw, j * dw);
            let acc = 0;
            for (let oy = ylo; oy < yhi; oy++) {
              const xr = xo + (oy * sh - ph + i * dh) * width - pw + j * dw;
              const yr = yo + oy * ow;
              for (let ox = xlo; ox < xhi; ox++) acc += gy[yr + ox]! * x[xr + ox * sw]!;
            }
            dwBuf[wo + i * kw + j]! += acc;
          }
        }
      }
    }
  }
}
