import type { Activation } from '../../backend/backend.js';
import { ConfigError } from '../../errors.js';
import { reshape } from '../../ops/reshape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type LayerEntry, Module } from '../module.js';
import { Conv2d } from './conv2d.js';
import { Linear } from './linear.js';
import { ReLU } from './relu.js';
import { Sigmoid } from './sigmoid.js';
import { Tanh } from './tanh.js';

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
  /**
   * The shape of one sample, e.g. [1, 28, 28], when the first layer takes more than a flat vector:
   * forward then reads a batch of flat rows (N, C*H*W) as (N, C, H, W), so that training and predict
   * can feed rows as they are stored. Model files record it. Undefined for flat models.
   */
  readonly inputShape: readonly number[] | undefined;

  constructor(layers: readonly Module[], options: { inputShape?: readonly number[] } = {}) {
    super();
    layers.forEach((layer, i) => {
      if (!(layer instanceof Module))
        throw new ConfigError(`layers.${i}`, `sequential: expected a Module, got ${String(layer)}`);
    });
    this.layers = [...layers];
    const shape = options.inputShape;
    this.inputShape = shape !== undefined && shape.length > 1 ? [...shape] : undefined;
  }

  /** Every layer's entries in order; undefined when one of them cannot describe itself. */
  override layerConfig(): readonly LayerEntry[] | undefined {
    const entries: LayerEntry[] = [];
    for (const layer of this.layers) {
      const own = layer.layerConfig();
      if (own === undefined) return undefined;
      entries.push(...own);
    }
    return entries;
  }

  /** A batch of flat rows (N, d) as (N, ...inputShape) for an image model; any other input as it is. */
  shapeInput(x: Tensor): Tensor {
    const shape = this.inputShape;
    return shape !== undefined && x.rank === 2 ? reshape(x, [x.shape[0]!, ...shape]) : x;
  }

  /**
   * Each layer in turn, except that a linear layer or a convolution followed by relu, tanh or sigmoid
   * runs as one fused primitive (forwardWith): the same values with one pass fewer each way. The
   * layers stay separate modules, so parameter names, model files and per-layer probes are unchanged.
   */
  forward(x: Tensor): Tensor {
    let h = this.shapeInput(x);
    for (let i = 0; i < this.layers.length; i++) {
      const layer = this.layers[i]!;
      const fusable = (layer instanceof Linear && layer.activation === 'none') || layer instanceof Conv2d;
      const act = fusable ? fusableActivation(this.layers[i + 1]) : null;
      if ((layer instanceof Linear || layer instanceof Conv2d) && act !== null) {
        h = layer.forwardWith(h, act);
        i++; // the activation layer ran inside the fused primitive
      } else {
        h = layer.forward(h);
      }
    }
    return h;
  }
}

/** The activation a layer applies when it is exactly one the fused kernels know, else null. */
function fusableActivation(layer: Module | undefined): Activation | null {
  if (layer === undefined) return null;
  const kind = layer.constructor;
  if (kind === ReLU) return 'relu';
  if (kind === Tanh) return 'tanh';
  if (kind === Sigmoid) return 'sigmoid';
  return null;
}

/**
 * Composes layers in order. An N-layer network in the notes' sense has N weight layers: the input
 * is not counted, and the output layer is given no activation.
 * @example sequential(linear(2, 100), relu(), linear(100, 3)); // a 2-layer network
 */
export const sequential = (...layers: Module[]): Sequential => new Sequential(layers);
