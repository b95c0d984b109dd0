import { ConfigError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';

/**
 * Layers applied in order, the output of each the input of the next. Parameters are named after
 * the layer's position: `layers.0.weight`, `layers.0.bias`, ...
 *
 * Shape: the first layer's input shape to the last layer's output shape.
 * @example
 * const model = new Sequential([linear(2, 100), relu(), linear(100, 3)]);
 * model.forward(zeros([5, 2])).shape; //=> [5, 3]
 */
export class Sequential extends Module {
  readonly layers: Module[];

  constructor(layers: readonly Module[]) {
    super();
    layers.forEach((layer, i) => {
      if (!(layer instanceof Module))
        throw new ConfigError(`layers.${i}`, `sequential: expected a Module, got ${String(layer)}`);
    });
    this.layers = [...layers];
  }

  forward(x: Tensor): Tensor {
    return this.layers.reduce((h, layer) => layer.forward(h), x);
  }
}

/**
 * Composes layers in order. An N-layer network in the notes' sense has N weight layers: the input
 * is not counted, and the output layer is given no activation.
 * @example sequential(linear(2, 100), relu(), linear(100, 3)); // a 2-layer network
 */
export const sequential = (...layers: Module[]): Sequential => new Sequential(layers);
