// The closure L-BFGS (and optionally any optimizer) calls to recompute the loss and gradients.
import { withGrad } from '../context.js';
import { ConfigError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * Recomputes the loss at the current parameters: zero the gradients, run the forward pass, call
 * `backward()`, and return the loss (a number or a one-element tensor).
 * @example
 * const closure: Closure = () => { opt.zeroGrad(); const loss = f(x); loss.backward(); return loss; };
 */
export type Closure = () => number | Tensor;

/**
 * Runs the closure with gradient recording on and returns the loss as a number.
 * @throws ConfigError when the closure returns something that is not a loss.
 * @example runClosure(() => tensor([2.5])); //=> 2.5
 */
export function runClosure(closure: Closure): number {
  const out = withGrad(true, closure);
  if (typeof out === 'number') return out;
  if (out instanceof Tensor && out.size === 1) return out.item();
  throw new ConfigError(
    'closure',
    `must return the loss as a number or a one-element tensor, got ${out instanceof Tensor ? `a tensor of ${out.size} elements` : typeof out}`,
  );
}
