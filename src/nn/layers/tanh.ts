import { tanh as tanhOp } from '../../ops/tanh.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type LayerEntry, Module } from '../module.js';

/**
 * Hyperbolic tangent, elementwise: zero-centred, but it saturates like the sigmoid.
 *
 * Shape: any; the output has the input's shape.
 * @example new Tanh().forward(tensor([[0]])).toArray(); //=> [[0]]
 */
export class Tanh extends Module {
  override layerConfig(): readonly LayerEntry[] {
    return ['tanh'];
  }

  forward(x: Tensor): Tensor {
    return tanhOp(x);
  }
}

/** A tanh activation layer. @example sequential(linear(2, 3), tanh()); */
export const tanh = (): Tanh => new Tanh();
