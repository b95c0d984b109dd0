import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Geometry2d, type Pool2dOptions, poolGeometry } from './conv-geometry.js';
import { empty } from './helpers.js';

/**
 * Max over each kh x kw window of an (N, C, H, W) input -> (N, C, OH, OW); padding is -Infinity
 * (never the max). The forward keeps, per output, the flat input index of its max (the argmax).
 * Gradient: g goes to that argmax alone. NOTE (ties): the FIRST max in the window's row-major scan
 * order gets all of g, as PyTorch; the others get 0 (a subgradient; gradcheck sees ties as kinks).
 * NaN wins, like the max op.
 * @example maxPool2d(tensor([[[[1, 3], [4, 2]]]]), { kernel: 2 }).toArray(); //=> [[[[4]]]]
 * @throws ShapeError for a non-4-D input, bad options, or a window that does not fit.
 */
export function maxPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  const g = poolGeometry(x.shape, options, 'maxPool2d');
  const out = empty([g.n, g.c, g.oh, g.ow], x);
  const argmax = new Int32Array(out.size);
  maxPoolForward(x.data, out.data, argmax, g);
  return record(out, 'maxPool2d', [x], (gy) => [scatterAt(gy, argmax, x.shape)]);
}

function maxPoolForward(x: Tensor['data'], y: Tensor['data'], argmax: Int32Array, g: Geometry2d): void {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow } = g;
  let k = 0;
  for (let p = 0; p < n * c; p++) {
    const base = p * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - ph;
      for (let ox = 0; ox < ow; ox++, k++) {
        const x0 = ox * sw - pw;
        let best = -Infinity;
        let at = -1;
        for (let i = Math.max(0, y0); i < Math.min(h, y0 + kh); i++) {
          for (let j = Math.max(0, x0); j < Math.min(w, x0 + kw); j++) {
            const v = x[base + i * w + j]!;
            // Strictly greater: a later equal value never replaces the first max (the tie rule).
            if (at < 0 || v > best || (Number.isNaN(v) && !Number.isNaN(best))) {
              best = v;
              at = base + i * w + j;
            }
          }
        }
        // poolGeometry keeps padding <= kernel / 2, so every window holds at least one input value.
        y[k] = best;
        argmax[k] = at;
      }
    }
  }
}

/** Zeros of `shape` with src[k] added at index[k]; its gradient gathers at the same indices. */
function scatterAt(src: Tensor, index: Int32Array, shape: readonly number[]): Tensor {
  const out = empty(shape, src);
  for (let k = 0; k < index.length; k++) out.data[index[k]!]! += src.data[k]!;
  return record(out, 'maxPool2dScatter', [src], (u) => [gatherAt(u, index, src.shape)]);
}

/** u[index[k]] for each k, shaped `shape`; its gradient scatters back. */
function gatherAt(u: Tensor, index: Int32Array, shape: readonly number[]): Tensor {
  const out = empty(shape, u);
  for (let k = 0; k < index.length; k++) out.data[k] = u.data[index[k]!]!;
  return record(out, 'maxPool2dGather', [u], (v) => [scatterAt(v, index, u.shape)]);
}
