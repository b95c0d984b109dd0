import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { emptyFor } from './helpers.js';
import { mapUnary } from './unary.js';

/**
 * Elementwise max(0, x). Gradient: g where x > 0; NOTE: the subgradient at x = 0 is 0 (as PyTorch).
 * The backward reads the output (y > 0 exactly where x > 0) in one fused kernel pass,
 * Backend.activationBackward, rather than building a mask and multiplying.
 * @example relu(tensor([-1, 0, 2])).toArray(); //=> [0, 0, 2]
 */
export function relu(x: Tensor): Tensor {
  const out = mapUnary(x, (k, a, o) => k.relu(a, o));
  return record(out, 'relu', [x], (g) => [passWhere(g, out)]);
}

/** g where y > 0, else 0: linear in g, so its own gradient is the same mask applied to the incoming one. */
function passWhere(g: Tensor, y: Tensor): Tensor {
  const out = emptyFor(g.shape, g);
  g.backend.activationBackward(g.data, y.data, 1, g.size, 'relu', out.data, null);
  return record(out, 'reluBackward', [g], (u) => [passWhere(u, y)]);
}
