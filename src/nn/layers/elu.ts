import { clamp } from '../../ops/clamp.js';
import { exp } from '../../ops/exp.js';
import { greater } from '../../ops/compare.js';
import { mul } from '../../ops/mul.js';
import { sub } from '../../ops/sub.js';
import { where } from '../../ops/where.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkFinite } from '../layer-options.js';
import { type LayerEntry, Module } from '../module.js';

/**
 * Exponential linear unit (Clevert et al. 2016): x for x > 0, alpha * (e^x - 1) otherwise.
 * NOTE: the slope at x = 0 is alpha (as PyTorch). exp only sees min(x, 0), so large x cannot
 * overflow.
 *
 * Shape: any; the output has the input's shape.
 * @example new ELU().forward(tensor([[-1, 2]])).toArray(); //=> [[-0.6321..., 2]]
 */
export class ELU extends Module {
  readonly alpha: number;

  constructor(alpha = 1) {
    super();
    this.alpha = checkFinite(alpha, 'alpha', 'elu');
  }

  override layerConfig(): readonly LayerEntry[] {
    return [{ type: 'elu', alpha: this.alpha }];
  }

  forward(x: Tensor): Tensor {
    const negative = mul(sub(exp(clamp(x, -Infinity, 0)), 1), this.alpha);
    return where(greater(x, 0), x, negative);
  }
}

/** An ELU layer with saturation value -alpha (default 1). @example elu(1); */
export const elu = (alpha = 1): ELU => new ELU(alpha);
