import { leakyRelu as leakyReluOp } from '../../ops/leaky-relu.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkFinite } from '../layer-options.js';
import { type LayerEntry, Module } from '../module.js';

/**
 * Leaky ReLU: x for x >= 0, alpha * x below (the notes' fix for dying relus). NOTE: the slope at
 * x = 0 is 1.
 *
 * Shape: any; the output has the input's shape.
 * @example new LeakyReLU(0.1).forward(tensor([[-10, 5]])).toArray(); //=> [[-1, 5]]
 */
export class LeakyReLU extends Module {
  readonly alpha: number;

  constructor(alpha = 0.01) {
    super();
    this.alpha = checkFinite(alpha, 'alpha', 'leakyRelu');
  }

  override layerConfig(): readonly LayerEntry[] {
    return [{ type: 'leakyRelu', alpha: this.alpha }];
  }

  forward(x: Tensor): Tensor {
    return leakyReluOp(x, this.alpha);
  }
}

/** A leaky relu layer with negative slope `alpha` (default 0.01). @example leakyRelu(0.1); */
export const leakyRelu = (alpha = 0.01): LeakyReLU => new LeakyReLU(alpha);
