// Max and average pooling in plain TypeScript (float32 and float64): the reference the native and
// wasm kernels are checked against, and their fallback.
import type { Buf, Window2d } from '../backend.js';

/** Max of each window; argmax keeps the first max (a later equal value never replaces it), NaN wins. */
export function maxPool2d(x: Buf, g: Window2d, y: Buf, argmax: Int32Array): void {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow } = g;
  let k = 0;
  for (let p = 0; p < n * c; p++) {
    const base = p * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - ph;
      const i0 = Math.max(0, y0);
      const i1 = Math.min(h, y0 + kh);
      for (let ox = 0; ox < ow; ox++, k++) {
        const x0 = ox * sw - pw;
        const j0 = Math.max(0, x0);
        const j1 = Math.min(w, x0 + kw);
        let best = -Infinity;
        let at = -1;
        for (let i = i0; i < i1; i++) {
          for (let j = j0; j < j1; j++) {
            const v = x[base + i * w + j]!;
            if (at < 0 || v > best || (v !== v && best === best)) {
              best = v;
              at = base + i * w + j;
            }
          }
        }
        // Padding is at most half the window, so every window holds at least one input value.
        y[k] = best;
        argmax[k] = at;
      }
    }
  }
}

export function maxPool2dBackward(gy: Buf, argmax: Int32Array, dx: Buf): void {
  dx.fill(0);
  for (let k = 0; k < argmax.length; k++) dx[argmax[k]!]! += gy[k]!;
}

export function avgPool2d(x: Buf, g: Window2d, y: Buf): void {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow } = g;
  const scale = 1 / (kh * kw);
  let k = 0;
  for (let p = 0; p < n * c; p++) {
    const base = p * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - ph;
      for (let ox = 0; ox < ow; ox++, k++) {
        const x0 = ox * sw - pw;
        let sum = 0;
        for (let i = Math.max(0, y0); i < Math.min(h, y0 + kh); i++) {
          for (let j = Math.max(0, x0); j < Math.min(w, x0 + kw); j++) sum += x[base + i * w + j]!;
        }
        y[k] = sum * scale;
      }
    }
  }
}

export function avgPool2dBackward(gy: Buf, g: Window2d, dx: Buf): void {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow } = g;
  const scale = 1 / (kh * kw);
  dx.fill(0);
  let k = 0;
  for (let p = 0; p < n * c; p++) {
    const base = p * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - ph;
      for (let ox = 0; ox < ow; ox++, k++) {
        const x0 = ox * sw - pw;
        const v = gy[k]! * scale;
        for (let i = Math.max(0, y0); i < Math.min(h, y0 + kh); i++) {
          for (let j = Math.max(0, x0); j < Math.min(w, x0 + kw); j++) dx[base + i * w + j]! += v;
        }
      }
    }
  }
}
