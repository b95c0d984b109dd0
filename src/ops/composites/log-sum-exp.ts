import type { Tensor } from '../../tensor/tensor.js';
import { add } from '../add.js';
import { detach } from '../detach.js';
import { exp } from '../exp.js';
import { log } from '../log.js';
import { max } from '../max.js';
import { reshape } from '../reshape.js';
import { sub } from '../sub.js';
import { reducedShape, sum } from '../sum.js';
import { normalizeAxes } from '../../tensor/shape.js';

/**
 * log(sum(exp(x))) over `axis`, stable for large inputs: m + log(sum(exp(x - m))) with m the max.
 * m is detached; the gradient is still exactly softmax(x), because m's contributions cancel.
 * @example logSumExp(tensor([1000, 1000, -1000])).item(); //=> 1000.6931...
 */
export function logSumExp(x: Tensor, axis?: number | readonly number[], keepdim = false): Tensor {
  const axes = normalizeAxes('logSumExp', axis, x.rank);
  const m = detach(max(x, axes, true));
  // A row of -Infinity (or +Infinity) has no finite shift; use 0 so the result is -Inf/Inf, not NaN.
  for (let i = 0; i < m.size; i++) if (!Number.isFinite(m.data[i]!)) m.data[i] = 0;
  const lse = add(log(sum(exp(sub(x, m)), axes, true)), m);
  return keepdim ? lse : reshape(lse, reducedShape(x.shape, axes, false));
}
