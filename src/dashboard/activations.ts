// A convnet's activation maps for one image (the CS231n pictures beside the learned filters): the
// model's input and the output of every layer that is still an image (N, C, H, W), from one forward
// pass in eval mode, with the image's label and the model's predicted class.
import { noGrad } from '../context.js';
import { applyPreprocess } from '../data/preprocess/apply-preprocess.js';
import type { Module } from '../nn/module.js';
import { allocBuf, Tensor } from '../tensor/tensor.js';
import type { ActivationLayer, ActivationMaps } from './api.js';
import type { ActivationData } from './activation-data.js';

/** The most channels sent per layer: a 64-filter layer of 14x14 maps is already 12,544 numbers. */
export const MAX_MAPS_PER_LAYER = 32;

/**
 * A float32 value in at most 9 significant digits, which name it exactly (Math.fround gives it back):
 * as a double it would print up to 17, doubling the answer's size (2 MB an image for a 28x28 convnet).
 */
const float32Digits = (v: number): number => Number(v.toPrecision(9));

/** Channel maps of one image tensor (1, C, H, W): the first `cap` channels, each H*W values. */
function mapsOf(name: string, index: number | null, type: string, t: Tensor, cap: number): ActivationLayer {
  const [, channels, height, width] = t.shape as [number, number, number, number];
  const size = height * width;
  const maps: number[][] = [];
  for (let c = 0; c < Math.min(channels, cap); c++) {
    const values = Array.from(t.data.subarray(c * size, (c + 1) * size));
    maps.push(t.dtype === 'float32' ? values.map(float32Digits) : values);
  }
  return { name, index, type, channels, height, width, maps };
}

/** The layer's type as the model file names it (its config entry), else its class name. */
function typeOf(data: ActivationData, i: number, layer: Module): string {
  const configs = data.loaded.config;
  return configs.length === data.loaded.model.layers.length ? configs[i]!.type : layer.constructor.name;
}

/** The predicted class as `descent predict` picks it: the highest output (ties: the lower index); one output: logit > 0. */
function classOf(out: Tensor): number {
  const k = out.size;
  if (k === 1) return out.data[0]! > 0 ? 1 : 0;
  let best = 0;
  for (let j = 1; j < k; j++) if (out.data[j]! > out.data[best]!) best = j;
  return best;
}

/**
 * Activation maps of row `image` of `data` (0-based; the caller checks it against data.n): the
 * model's saved preprocessing applied to the row as predict applies it, then each layer in turn,
 * kept while its output is an image.
 * @example activationMaps(data, 0).layers.map((l) => l.name); //=> ['input', 'layers.0 conv2d', 'layers.1 relu', ...]
 */
export function activationMaps(data: ActivationData, image: number, cap = MAX_MAPS_PER_LAYER): ActivationMaps {
  const { loaded, task, d } = data;
  const row = data.x.subarray(image * d, (image + 1) * d);
  // NOTE: no extras.inputScale here: the rows were read through the config's source, which already
  // scaled them (predict multiplies raw file pixels by it).
  const features = task.preprocess === null ? row : applyPreprocess(task.preprocess, row, 1);
  const model = loaded.model;
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => {
      const buf = allocBuf(loaded.dtype, loaded.inputSize);
      buf.set(features);
      const x = new Tensor(buf, [1, loaded.inputSize]);
      let h = model.shapeInput(x);
      const layers: ActivationLayer[] = [];
      if (h.rank === 4) layers.push(mapsOf('input', null, 'input', h, cap));
      for (let i = 0; i < model.layers.length && h.rank === 4; i++) {
        const layer = model.layers[i]!;
        h = layer.forward(h);
        const type = typeOf(data, i, layer);
        if (h.rank === 4) layers.push(mapsOf(`layers.${i} ${type}`, i, type, h, cap));
      }
      // The prediction from the model's own forward, the path `descent predict` takes.
      const predicted = task.kind === 'classification' ? classOf(model.forward(x)) : null;
      const label = data.labels === null ? null : data.labels[image]!;
      return {
        image, images: data.n, split: data.split, label, predicted,
        classNames: task.classNames ?? null, layers,
      };
    });
  } finally {
    model.train(wasTraining);
  }
}
