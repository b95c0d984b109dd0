import { record } from '../autograd/record.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty } from './helpers.js';
import { mul } from './mul.js';
import { permute } from './permute.js';
import { sub } from './sub.js';
import { sum } from './sum.js';

/** Moves `axis` to the end, applies `f` over the last axis, and moves it back. */
export function overAxis(x: Tensor, axis: number, f: (t: Tensor) => Tensor, op = 'softmax'): Tensor {
  const a = normalizeAxis(op, axis, x.rank);
  if (a === x.rank - 1) return f(x);
  const perm = Array.from({ length: x.rank }, (_, i) => i).filter((i) => i !== a);
  perm.push(a);
  const inverse = new Array<number>(x.rank);
  perm.forEach((p, i) => (inverse[p] = i));
  return permute(f(permute(x, perm)), inverse);
}

/**
 * exp(x) / sum(exp(x)) over `axis` (default last), max-subtracted so large logits stay finite.
 * Gradient: s * (g - sum(g * s)) over the axis.
 * @example softmax(tensor([0, 0])).toArray(); //=> [0.5, 0.5]
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  return overAxis(x, axis, (t) => {
    const cols = t.shape[t.rank - 1] ?? 1;
    const out = empty(t.shape, t);
    t.backend.softmax(t.data, cols === 0 ? 0 : t.size / cols, cols, out.data);
    return record(out, 'softmax', [t], (g) => [mul(out, sub(g, sum(mul(g, out), -1, true)))]);
  });
}
