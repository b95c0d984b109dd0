// A fully connected network from its layer sizes, in the notes' counting: sizes lists the hidden
// layers and the output layer (not the input), and the output layer gets no activation.
import { ConfigError } from '../errors.js';
import type { InitName } from './init.js';
import type { LayerOptions } from './layer-options.js';
import { ELU } from './layers/elu.js';
import { GELU } from './layers/gelu.js';
import { LeakyReLU } from './layers/leaky-relu.js';
import { Linear } from './layers/linear.js';
import { ReLU } from './layers/relu.js';
import { Sequential } from './layers/sequential.js';
import { Sigmoid } from './layers/sigmoid.js';
import { Tanh } from './layers/tanh.js';
import type { Module } from './module.js';
import { layerRng } from './layer-options.js';

/** The hidden-layer activations mlp accepts. */
export type MlpActivation = 'relu' | 'tanh' | 'sigmoid' | 'leakyRelu' | 'elu' | 'gelu';

const ACTIVATIONS: Record<MlpActivation, () => Module> = {
  relu: () => new ReLU(),
  tanh: () => new Tanh(),
  sigmoid: () => new Sigmoid(),
  leakyRelu: () => new LeakyReLU(),
  elu: () => new ELU(),
  gelu: () => new GELU(),
};

export interface MlpOptions extends LayerOptions {
  /** Activation after every hidden layer (default 'relu'); none after the output layer. */
  activation?: MlpActivation;
  /** Weight init of every linear layer (default: xavier for tanh and sigmoid, he otherwise). */
  init?: InitName;
}

/**
 * A `sizes.length`-layer network: linear layers of the given sizes with an activation between them.
 * @example
 * const net = mlp(2, [100, 3], { rng: new Rng(0) }); // a 2-layer network: 2 -> 100 -> relu -> 3
 * net.layers.length; //=> 3
 */
export function mlp(
  inputSize: number,
  sizes: readonly number[],
  options: MlpOptions = {},
): Sequential {
  if (sizes.length === 0)
    throw new ConfigError('sizes', 'mlp: expected at least one layer size (the output layer)');
  const activation = options.activation ?? 'relu';
  const make = ACTIVATIONS[activation];
  if (make === undefined) {
    throw new ConfigError(
      'activation',
      `mlp: expected one of ${Object.keys(ACTIVATIONS).join(', ')}, got ${JSON.stringify(activation)}`,
    );
  }
  const init =
    options.init ?? (activation === 'tanh' || activation === 'sigmoid' ? 'xavier' : 'he');
  const rng = layerRng(options);
  const layers: Module[] = [];
  let features = inputSize;
  sizes.forEach((units, i) => {
    layers.push(
      new Linear(features, units, {
        init,
        rng,
        ...(options.dtype === undefined ? {} : { dtype: options.dtype }),
      }),
    );
    if (i < sizes.length - 1) layers.push(make());
    features = units;
  });
  return new Sequential(layers);
}
