import { relu as reluOp } from '../../ops/relu.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type LayerEntry, Module } from '../module.js';

/**
 * Rectified linear unit, max(0, x), elementwise. NOTE: the gradient at x = 0 is 0 (the op's kink
 * convention).
 *
 * Shape: any; the output has the input's shape.
 * @example new ReLU().forward(tensor([[-1, 2]])).toArray(); //=> [[0, 2]]
 */
export class ReLU extends Module {
  override layerConfig(): readonly LayerEntry[] {
    return ['relu'];
  }

  forward(x: Tensor): Tensor {
    return reluOp(x);
  }
}

/** A relu activation layer. @example sequential(linear(2, 3), relu()); */
export const relu = (): ReLU => new ReLU();
