// One update from a loss already computed with its graph, for loops that do not know which
// optimizer they drive (fit, the doctor's training steps): backward, then step, or, for an optimizer
// that re-evaluates the loss during its step (L-BFGS), step with a closure built from `recompute`.
import { backward } from '../autograd/backward.js';
import type { Tensor } from '../tensor/tensor.js';
import type { ParameterOptimizer } from './optimizer.js';

/**
 * Zeroes the gradients, back-propagates `loss`, runs `afterBackward` (gradient clipping) and steps.
 * An optimizer that needs a closure gets one whose first call hands back `loss` (its gradients are
 * already in place, at parameters not yet moved), and later calls `recompute()` at the moved
 * parameters.
 * @example stepWith(opt, loss, () => lossOf(model.forward(x)));
 */
export function stepWith(optimizer: ParameterOptimizer, loss: Tensor, recompute: () => Tensor, afterBackward: () => void = () => {}): void {
  optimizer.zeroGrad();
  backward(loss);
  afterBackward();
  if (optimizer.needsClosure !== true) {
    optimizer.step();
    return;
  }
  let first = true;
  optimizer.step(() => {
    if (first) {
      first = false;
      return loss;
    }
    optimizer.zeroGrad();
    const again = recompute();
    backward(again);
    afterBackward();
    return again;
  });
}
