// First-layer weights as images (the CS231n pictures): for a model trained on an image dataset, each
// hidden unit's input weights reshaped to the image's height x width; for a convnet, each filter of
// its first convolution.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../train/node/model-file.js';
import type { WeightsImages } from './api.js';
import { realInside, realOrSelf } from './safe-path.js';

/** Image sizes of the known image sources (width = height). */
const IMAGE_SIDE: Readonly<Record<string, number>> = { digits: 8, 'fashion-mnist': 28 };

/**
 * The image side length for a run config's data source, or null for non-image data. An `idx`
 * source counts when the input size is a perfect square (the usual MNIST-like layout).
 * @example imageSide({ data: { source: 'digits' } }, 64); //=> 8
 */
export function imageSide(config: unknown, inputSize: number): number | null {
  const source = (config as { data?: { source?: unknown } } | null)?.data?.source;
  const type = typeof source === 'string' ? source : (source as { type?: unknown } | undefined)?.type;
  if (typeof type !== 'string') return null;
  const side = IMAGE_SIDE[type] ?? (type === 'idx' ? Math.round(Math.sqrt(inputSize)) : undefined);
  return side !== undefined && side * side === inputSize ? side : null;
}

/**
 * Reads model.json in `dir` and returns the first linear layer's weights as one image per hidden
 * unit, or null when the run has no model file, is not on image data, or its first weight does not
 * take the image as input. model.json and config.json are read only where they lie inside `root`.
 * @example
 * readFirstLayer('runs/digits-1')?.units.length; //=> 64 (hidden units of 8x8 = 64 weights each)
 */
export function readFirstLayer(dir: string, root = realOrSelf(dir)): WeightsImages | null {
  const modelFile = realInside(root, join(dir, 'model.json'));
  const configFile = realInside(root, join(dir, 'config.json'));
  if (modelFile === null || configFile === null) return null;
  let config: unknown = null;
  try {
    config = JSON.parse(readFileSync(configFile, 'utf8')) as unknown;
  } catch {
    return null;
  }
  const loaded = loadModel(modelFile);
  if (loaded.inputShape !== undefined) return convFilters(loaded.state);
  const side = imageSide(config, loaded.inputSize);
  if (side === null) return null;
  for (const [name, t] of Object.entries(loaded.state)) {
    // Linear weights are (inputSize, units): column j holds unit j's input weights.
    if (!name.endsWith('weight') || t.shape.length !== 2 || t.shape[0] !== loaded.inputSize) continue;
    const units = t.shape[1]!;
    const images: number[][] = [];
    for (let j = 0; j < units; j++) {
      const img = new Array<number>(loaded.inputSize);
      for (let i = 0; i < loaded.inputSize; i++) img[i] = t.data[i * units + j]!;
      images.push(img);
    }
    return { width: side, height: side, units: images, parameter: name, kind: 'units' };
  }
  return null;
}

/**
 * A convnet's first convolution as one image per filter: its kh x kw weights, averaged over the
 * input channels (a single channel, as for grayscale images, is shown as it is).
 */
function convFilters(state: ReturnType<typeof loadModel>['state']): WeightsImages | null {
  const first = Object.entries(state).find(([name, t]) => name.endsWith('weight') && t.shape.length === 4);
  if (first === undefined) return null;
  const [name, t] = first;
  const [filters, channels, kh, kw] = t.shape as [number, number, number, number];
  const units: number[][] = [];
  for (let f = 0; f < filters; f++) {
    const img = new Array<number>(kh * kw).fill(0);
    for (let c = 0; c < channels; c++) {
      for (let k = 0; k < kh * kw; k++) img[k]! += t.data[(f * channels + c) * kh * kw + k]! / channels;
    }
    units.push(img);
  }
  return { width: kw, height: kh, units, parameter: name, kind: 'filters' };
}

/** readFirstLayer cached by model.json's modification time (loading a model is not free). */
export class FirstLayerCache {
  private readonly entries = new Map<string, { mtimeMs: number; value: WeightsImages | null }>();

  /**
   * The images for `dir` (its files read only inside `root`), re-read only when model.json changed.
   * @example new FirstLayerCache().get('runs/digits-1')?.width; //=> 8
   */
  get(dir: string, root = realOrSelf(dir)): WeightsImages | null {
    const modelFile = realInside(root, join(dir, 'model.json'));
    if (modelFile === null) return null;
    let mtimeMs = -1;
    try {
      mtimeMs = statSync(modelFile).mtimeMs;
    } catch {
      return null;
    }
    const hit = this.entries.get(dir);
    if (hit !== undefined && hit.mtimeMs === mtimeMs) return hit.value;
    let value: WeightsImages | null = null;
    try {
      value = readFirstLayer(dir, root);
    } catch {
      // A model file being replaced or damaged: no images, the rest of the run still shows.
      value = null;
    }
    this.entries.set(dir, { mtimeMs, value });
    return value;
  }
}
