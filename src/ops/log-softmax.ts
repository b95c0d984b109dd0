import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { exp } from './exp.js';
import { empty } from './helpers.js';
import { mul } from './mul.js';
import { overAxis } from './softmax.js';
import { sub } from './sub.js';
import { sum } from './sum.js';

/**
 * x - logSumExp(x) over `axis` (default last), computed stably in one pass.
 * Gradient: g - softmax(x) * sum(g) over the axis.
 * @example logSoftmax(tensor([0, 0])).toArray(); //=> [-0.6931..., -0.6931...]
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return overAxis(x, axis, (t) => {
    const cols = t.shape[t.rank - 1] ?? 1;
    const out = empty(t.shape, t);
    t.backend.logSoftmax(t.data, cols === 0 ? 0 : t.size / cols, cols, out.data);
    return record(out, 'logSoftmax', [t], (g) => [sub(g, mul(exp(out), sum(g, -1, true)))]);
  }, 'logSoftmax');
}
