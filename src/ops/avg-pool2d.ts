import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Geometry2d, type Pool2dOptions, poolGeometry } from './conv-geometry.js';
import { emptyFor } from './helpers.js';

/**
 * Mean over each kh x kw window of an (N, C, H, W) input -> (N, C, OH, OW).
 * NOTE: padding counts as zeros in the divisor, which is always kh * kw (PyTorch's default,
 * count_include_pad=True), so a window over the border averages in its padding.
 * Gradient: each g / (kh kw) added to the window's input positions (the adjoint, itself
 * differentiable: its gradient is avgPool2d again).
 * @example avgPool2d(tensor([[[[1, 3], [4, 2]]]]), { kernel: 2 }).toArray(); //=> [[[[2.5]]]]
 * @throws ShapeError for a non-4-D input, bad options, or a window that does not fit.
 */
export function avgPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  const g = poolGeometry(x.shape, options, 'avgPool2d');
  return poolWith(x, g);
}

function poolWith(x: Tensor, g: Geometry2d): Tensor {
  const out = emptyFor([g.n, g.c, g.oh, g.ow], x);
  x.backend.avgPool2d(x.data, g, out.data);
  return record(out, 'avgPool2d', [x], (gy) => [spread(gy, g)]);
}

/** The adjoint of avgPool2d: each gy[k] / (kh kw) added over its window. */
function spread(gy: Tensor, g: Geometry2d): Tensor {
  const out = emptyFor([g.n, g.c, g.h, g.w], gy);
  gy.backend.avgPool2dBackward(gy.data, g, out.data);
  return record(out, 'avgPool2dBackward', [gy], (u) => [poolWith(u, g)]);
}
