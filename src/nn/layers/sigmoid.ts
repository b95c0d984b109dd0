import { sigmoid as sigmoidOp } from '../../ops/sigmoid.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type LayerEntry, Module } from '../module.js';

/**
 * Logistic sigmoid, 1 / (1 + e^-x), elementwise. The notes advise against it in hidden layers
 * (it saturates and is not zero-centred).
 *
 * Shape: any; the output has the input's shape.
 * @example new Sigmoid().forward(tensor([[0]])).toArray(); //=> [[0.5]]
 */
export class Sigmoid extends Module {
  override layerConfig(): readonly LayerEntry[] {
    return ['sigmoid'];
  }

  forward(x: Tensor): Tensor {
    return sigmoidOp(x);
  }
}

/** A sigmoid activation layer. @example sequential(linear(2, 3), sigmoid()); */
export const sigmoid = (): Sigmoid => new Sigmoid();
