import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { broadcastBinary } from './binary.js';
import { equal } from './compare.js';
import type { TensorLike } from './helpers.js';
import { log } from './log.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import { sumTo } from './sum-to.js';
import { mapUnary } from './unary.js';
import { where } from './where.js';

/**
 * Elementwise a^b. With a number exponent: gradient g * b * a^(b-1). With a tensor exponent, the
 * exponent's gradient is g * a^b * ln(a); NOTE: where a = 0 that term is taken as 0 (as PyTorch).
 * @example pow(tensor([2, 3]), 2).toArray(); //=> [4, 9]
 */
export function pow(a: Tensor, b: TensorLike): Tensor {
  if (typeof b === 'number') {
    const p = b;
    const out = mapUnary(a, (k, x, o) => k.powScalar(x, p, o));
    return record(out, 'pow', [a], (g) => [mul(g, mul(pow(a, p - 1), p))]);
  }
  const r = broadcastBinary('pow', (k) => k.pow, a, b);
  return record(r.out, 'pow', [r.a, r.b], (g) => [
    r.a.requiresGrad ? sumTo(mul(g, mul(r.b, pow(r.a, sub(r.b, 1)))), r.a.shape) : null,
    r.b.requiresGrad ? sumTo(where(equal(r.a, 0), 0, mul(g, mul(r.out, log(r.a)))), r.b.shape) : null,
  ]);
}

