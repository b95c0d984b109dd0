// The record serializeModel writes, taken from a model itself: each layer gives its config entries
// (Module.layerConfig), the first layer with weights or statistics gives the input size, and the
// parameters give the dtype. A model built by hand is then saved without retyping its layer list.
import { ConfigError } from '../errors.js';
import type { JsonObject } from './canonical-json.js';
import { AvgPool2d } from './layers/avg-pool2d.js';
import { BatchNorm } from './layers/batch-norm.js';
import { Conv2d } from './layers/conv2d.js';
import { GlobalAvgPool } from './layers/global-avg-pool.js';
import { MaxPool2d } from './layers/max-pool2d.js';
import { Linear } from './layers/linear.js';
import { Maxout } from './layers/maxout.js';
import { Sequential } from './layers/sequential.js';
import type { LayerEntry, Module, TensorValues } from './module.js';
import type { ModelRecord } from './serialize.js';

/** The layers of `model`: a Sequential's own list, or the module alone. */
const layersOf = (model: Module): readonly Module[] => (model instanceof Sequential ? model.layers : [model]);

/** The number of input features a layer fixes, or undefined for one that keeps any size (an activation). */
function inputSizeOf(layer: Module): number | undefined {
  if (layer instanceof Linear || layer instanceof Maxout) return layer.inFeatures;
  if (layer instanceof BatchNorm) return layer.features;
  return undefined;
}

/**
 * The model record of `model`, for serializeModel and saveModel.
 * @throws ConfigError naming the layer index and class of a module that cannot describe itself, or
 * saying that no layer fixes the input size.
 * @example
 * const model = sequential(linear(4, 16), relu(), linear(16, 3));
 * modelRecordOf(model).config; //=> [{ type: 'linear', units: 16, bias: true }, 'relu', { type: 'linear', units: 3, bias: true }]
 */
export function modelRecordOf(model: Module, extras?: JsonObject): ModelRecord {
  const layers = layersOf(model);
  const config: LayerEntry[] = [];
  // The rebuilt Sequential holds one layer per entry: a linear with a fused activation becomes two,
  // so each layer's values go under the index of its first entry there.
  const state: Record<string, TensorValues> = {};
  layers.forEach((layer, i) => {
    const own = layer.layerConfig();
    if (own === undefined) {
      throw new ConfigError(
        `model.${i}`,
        `layer ${i} (${layer.constructor.name}) cannot describe itself as a config entry; ` +
          'save it as a record instead: serializeModel({ config: layers, inputSize, state: model.stateDict() })',
      );
    }
    for (const [name, values] of Object.entries(layer.stateDict())) state[`layers.${config.length}.${name}`] = values;
    config.push(...own);
  });
  // An image model is rebuilt from its sample shape [C, H, W], which buildModel gave its Sequential;
  // a flat model from the input size its first weighted layer fixes.
  const inputShape = model instanceof Sequential ? model.inputShape : undefined;
  const image = layers.findIndex((l) => l instanceof Conv2d || l instanceof MaxPool2d || l instanceof AvgPool2d || l instanceof GlobalAvgPool);
  if (image >= 0 && inputShape === undefined) {
    throw new ConfigError(
      `model.${image}`,
      `layer ${image} (${layers[image]!.constructor.name}) takes images, but the model has no input shape [C, H, W]: ` +
        'build it with buildModel(layers, { inputShape }) or new Sequential(layers, { inputShape })',
    );
  }
  const inputSize = inputShape === undefined ? layers.map(inputSizeOf).find((n) => n !== undefined) : inputShape.reduce((a, b) => a * b, 1);
  if (inputSize === undefined) {
    throw new ConfigError('model', 'no layer fixes the input size (a model of activations only); save it as a record with its inputSize');
  }
  const params = model.parameters();
  const dtype = params[0]?.dtype ?? 'float32';
  return { config, inputSize, ...(inputShape === undefined ? {} : { inputShape }), dtype, state, ...(extras === undefined ? {} : { extras }) };
}
