import { record } from '../autograd/record.js';
import { indexBuf, type Tensor } from '../tensor/tensor.js';
import { type Pool2dOptions, poolGeometry } from './conv-geometry.js';
import { emptyFor } from './helpers.js';

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
  const out = emptyFor([g.n, g.c, g.oh, g.ow], x);
  const argmax = indexBuf(out.size);
  x.backend.maxPool2d(x.data, g, out.data, argmax);
  return record(out, 'maxPool2d', [x], (gy) => [scatterAt(gy, argmax, x.shape)]);
}

/** Zeros of `shape` with src[k] added at index[k]; its gradient gathers at the same indices. */
function scatterAt(src: Tensor, index: Int32Array, shape: readonly number[]): Tensor {
  const out = emptyFor(shape, src);
  src.backend.maxPool2dBackward(src.data, index, out.data);
  return record(out, 'maxPool2dScatter', [src], (u) => [gatherAt(u, index, src.shape)]);
}

/** u[index[k]] for each k, shaped `shape`; its gradient scatters back. */
function gatherAt(u: Tensor, index: Int32Array, shape: readonly number[]): Tensor {
  const out = emptyFor(shape, u);
  for (let k = 0; k < index.length; k++) out.data[k] = u.data[index[k]!]!;
  return record(out, 'maxPool2dGather', [u], (v) => [scatterAt(v, index, u.shape)]);
}
