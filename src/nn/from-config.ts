// A model from its config form, a JSON list of layers such as
// [{"type":"linear","units":100,"init":"he"}, "relu", {"type":"dropout","rate":0.5}, {"type":"linear","units":3}],
// validated by hand (the core has no runtime dependencies) with errors that name the layer and field.
import type { DType } from '../backend/backend.js';
import { ConfigError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import { Rng } from '../tensor/rng.js';
import { LAYER_TYPES, layerSpec, type OptionValue } from './layer-specs.js';
import { Sequential } from './layers/sequential.js';

/** One layer with every option filled in: `{ type: 'dropout', rate: 0.5 }`. */
export type LayerConfig = { readonly type: string } & Readonly<Record<string, OptionValue>>;

export interface BuildModelOptions {
  /** Number of input features (from the data); default: the first layer's `inputs`. */
  inputSize?: number;
  /**
   * The shape of one sample, e.g. [1, 28, 28] (channels, height, width) for images: needed by a
   * model that starts with image layers (conv2d, pools). With inputSize too, their sizes must agree.
   * Default: [inputSize].
   */
  inputShape?: readonly number[];
  /** Seed of the generator for initial weights and dropout masks (default 0); `rng` wins. */
  seed?: number;
  rng?: Rng;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType;
  /** When given, the model's output size must equal it (e.g. the number of classes). */
  outputSize?: number;
  /**
   * Refuse a conv or pool window that does not step evenly over its input (default false: the
   * output size is floored, as PyTorch does). Training configs set it: there it is a sizing mistake.
   */
  evenWindows?: boolean;
}

const describe = (v: unknown): string =>
  v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v));

/** Linear layers feeding a saturating activation default to xavier, the rest to he. */
function defaultInit(list: readonly unknown[], index: number): string {
  for (const next of list.slice(index + 1)) {
    const type = typeof next === 'string' ? next : (next as { type?: unknown } | null)?.type;
    if (type === 'batchNorm' || type === 'dropout') continue;
    return type === 'tanh' || type === 'sigmoid' ? 'xavier' : 'he';
  }
  return 'he';
}

function normalizeLayer(
  entry: unknown,
  list: readonly unknown[],
  index: number,
  path: string,
): LayerConfig {
  const at = `${path}.${index}`;
  const obj: Record<string, unknown> | null =
    typeof entry === 'string'
      ? { type: entry }
      : entry !== null && typeof entry === 'object' && !Array.isArray(entry)
        ? (entry as Record<string, unknown>)
        : null;
  if (obj === null) {
    throw new ConfigError(
      at,
      `expected a layer name such as "relu" or an object with a "type", got ${describe(entry)}`,
    );
  }
  const type = obj['type'];
  if (typeof type !== 'string')
    throw new ConfigError(`${at}.type`, `expected a layer type name, got ${describe(type)}`);
  const spec = layerSpec(type);
  if (spec === undefined) {
    throw new ConfigError(
      `${at}.type`,
      `unknown layer type '${type}'${didYouMean(type, LAYER_TYPES)}; expected one of ${LAYER_TYPES.join(', ')}`,
    );
  }
  const names = spec.options.map((o) => o.name);
  for (const key of Object.keys(obj)) {
    if (key === 'type' || names.includes(key)) continue;
    const known =
      names.length === 0
        ? `a ${type} layer takes no options`
        : `a ${type} layer takes ${names.join(', ')}`;
    throw new ConfigError(
      `${at}.${key}`,
      `unknown field '${key}'${didYouMean(key, names)}; ${known}`,
    );
  }
  const out: Record<string, OptionValue> = { type };
  for (const option of spec.options) {
    const value = obj[option.name];
    if (value === undefined) {
      if (option.required)
        throw new ConfigError(
          `${at}.${option.name}`,
          `missing required field (expected ${option.expected})`,
        );
      // A stated input size is optional and has no default: absent stays absent.
      if (option.name === 'inputs') continue;
      // A default that is another option's value (a pool's stride is its size).
      if (option.defaultFrom !== undefined) {
        out[option.name] = out[option.defaultFrom]!;
        continue;
      }
      // Only linear's init lacks a fixed default: it depends on the activation that follows.
      out[option.name] = option.default ?? defaultInit(list, index);
    } else if (!option.valid(value)) {
      const hint =
        typeof value === 'string' && option.values !== undefined
          ? didYouMean(value, option.values)
          : '';
      throw new ConfigError(
        `${at}.${option.name}`,
        `expected ${option.expected}, got ${describe(value)}${hint}`,
      );
    } else {
      out[option.name] = value as OptionValue;
    }
  }
  return out as LayerConfig;
}

/**
 * Validates a model config and returns it with every default filled in (the form to save with a
 * model, so that it does not depend on the defaults of a later version).
 * @throws ConfigError naming the layer index and field, e.g. `model.2.rate: expected a number in [0, 1), got 1.5`.
 * @example normalizeLayers(['relu']); //=> [{ type: 'relu' }]
 */
export function normalizeLayers(layers: unknown, path = 'model'): LayerConfig[] {
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new ConfigError(path, `expected a non-empty list of layers, got ${describe(layers)}`);
  }
  return layers.map((entry, i) => normalizeLayer(entry, layers, i, path));
}

/**
 * The most values (parameters and buffers) one layer may hold: 2^28 = 268,435,456, 1 GiB as
 * float32. Training keeps about four values per weight (the weight, its gradient, two Adam
 * moments), so a layer at the limit already needs 4 GiB (8 in float64); past it the typed arrays
 * cannot be allocated at all, or training runs for hours: such a size is a typo, not a model.
 */
export const MAX_LAYER_VALUES = 2 ** 28;

/**
 * Checks that no layer holds more than MAX_LAYER_VALUES values. Without `inputSize` (before the
 * data is loaded) the layers before the first one with a fixed output size are checked with one
 * input feature, a lower bound on their size.
 * @throws ConfigError at `model.<i>.units` (or `model.<i>` for a layer without units) naming the
 * count and the limit.
 * @example checkLayerSizes(normalizeLayers([{ type: 'linear', units: 1e9 }]), 1e6); // throws: model.0.units: ...
 */
export function checkLayerSizes(
  configs: readonly LayerConfig[],
  input?: number | readonly number[],
  path = 'model',
): void {
  const inputSize = typeof input === 'number' ? input : input?.[0];
  // With a whole sample shape, each layer's channels (or features) are known exactly.
  const shapes = typeof input === 'object' ? sampleShapes(configs, input, path) : null;
  let features = inputSize ?? 1;
  let known = inputSize !== undefined;
  configs.forEach((config, i) => {
    if (shapes !== null) features = shapes[i]![0]!;
    const spec = layerSpec(config.type)!;
    const count = spec.values(features, config);
    if (!(count <= MAX_LAYER_VALUES)) {
      const where = 'units' in config ? `${path}.${i}.units` : `${path}.${i}`;
      const inputs = known ? `${features} input ${shapes?.[i]?.length === 3 ? 'channels' : 'features'}` : 'any number of input features';
      const size = 'units' in config ? ` and ${String(config['units'])} units` : '';
      throw new ConfigError(
        where,
        `a ${config.type} layer with ${inputs}${size} holds ${known ? '' : 'at least '}${count} values, ` +
          `more than the limit of ${MAX_LAYER_VALUES} (2^28) per layer: is the size a typo?`,
      );
    }
    features = spec.outFeatures(features, config);
    if (spec.weighted) known = true;
  });
}

/**
 * The number of values a model config outputs per example for `inputSize` input features, and the
 * index of its last weighted layer (-1 when it has none).
 * @throws ConfigError as normalizeLayers.
 * @example modelOutput([{ type: 'linear', units: 8 }, 'relu', { type: 'linear', units: 3 }], 2); //=> { size: 3, lastWeighted: 2 }
 */
export function modelOutput(
  layers: unknown,
  input: number | readonly number[],
  path = 'model',
): { size: number; lastWeighted: number } {
  const configs = normalizeLayers(layers, path);
  const shapes = sampleShapes(configs, typeof input === 'number' ? [input] : input, path);
  const size = shapes[shapes.length - 1]!.reduce((a, b) => a * b, 1);
  let lastWeighted = -1;
  configs.forEach((config, i) => {
    if (layerSpec(config.type)!.weighted) lastWeighted = i;
  });
  return { size, lastWeighted };
}

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/**
 * The sample shape reaching each layer, and after the last (one more entry than layers): [n] for
 * feature vectors, [C, H, W] for images. Each layer's input kind is checked: a linear layer needs
 * feature vectors (flatten an image first), an image layer needs [C, H, W].
 * @throws ConfigError at `model.<i>` naming the shapes, for a mismatch or a window that does not fit.
 * @example sampleShapes(normalizeLayers([{ type: 'conv2d', filters: 4, kernel: 3 }, 'flatten']), [1, 8, 8]); //=> [[1, 8, 8], [4, 6, 6], [144]]
 */
export function sampleShapes(configs: readonly LayerConfig[], inputShape: readonly number[], path = 'model', evenWindows = false): number[][] {
  const shapes: number[][] = [[...inputShape]];
  configs.forEach((config, i) => {
    const spec = layerSpec(config.type)!;
    const at = `${path}.${i}`;
    const shape = shapes[i]!;
    const input = spec.input ?? 'features';
    if (input === 'features' && shape.length !== 1) {
      throw new ConfigError(
        at,
        `a ${config.type} layer takes feature vectors, but samples of shape ${shapeText(shape)} reach it; put "flatten" before it`,
      );
    }
    if (input === 'image' && shape.length !== 3) {
      const hint = shape.length === 1 ? `; give the model its input shape, e.g. buildModel(layers, { inputShape: [1, 28, 28] })` : '';
      throw new ConfigError(
        at,
        `a ${config.type} layer takes images [channels, height, width], but samples of shape ${shapeText(shape)} reach it${hint}`,
      );
    }
    if (spec.outShape !== undefined) shapes.push(spec.outShape(shape, config, at, evenWindows));
    else shapes.push(input === 'any' ? shape : [spec.outFeatures(shape[0]!, config)]);
  });
  return shapes;
}

/** The sample shape buildModel starts from: inputShape, else [inputSize], else the first layer's inputs. */
function inputShapeOf(options: BuildModelOptions, stated: OptionValue | undefined, path: string): number[] {
  const { inputShape, inputSize } = options;
  if (inputShape !== undefined) {
    if (!Array.isArray(inputShape) || inputShape.length === 0 || !inputShape.every((v) => Number.isInteger(v) && v >= 1)) {
      throw new ConfigError('inputShape', `expected a list of integers >= 1 such as [1, 28, 28], got ${describe(inputShape)}`);
    }
    const size = inputShape.reduce((a, b) => a * b, 1);
    if (inputSize !== undefined && inputSize !== size) {
      throw new ConfigError('inputShape', `shape ${shapeText(inputShape)} holds ${size} values, but inputSize is ${describe(inputSize)}`);
    }
    return [...inputShape];
  }
  if (inputSize === undefined && stated === undefined) {
    throw new ConfigError(
      `${path}.0.inputs`,
      'the number of input features is not known: give the first layer its inputs ' +
        "({ type: 'linear', units: 16, inputs: 4 }) or pass buildModel(layers, { inputSize: 4 }) " +
        '(or { inputShape: [1, 28, 28] } for images)',
    );
  }
  const size = inputSize ?? (stated as number);
  if (!Number.isInteger(size) || size < 1) {
    throw new ConfigError(
      'inputSize',
      `expected an integer >= 1 (the number of input features), got ${describe(size)}`,
    );
  }
  return [size];
}

/**
 * Builds a Sequential model from its config form. The input size comes from the data; each layer's
 * input size is the previous layer's output size. Initial weights and dropout masks are drawn from
 * the seed (or rng), in layer order.
 * @throws ConfigError for unknown types (with a "did you mean"), unknown or bad fields, a bad
 * inputSize, a layer of more than MAX_LAYER_VALUES values, or an output size different from
 * `outputSize`.
 * @example
 * const layers = [{ type: 'linear', units: 100 }, 'relu', { type: 'linear', units: 3 }];
 * const model = buildModel(layers, { inputSize: 2, seed: 1 });
 * model.forward(zeros([4, 2])).shape; //=> [4, 3]
 */
export function buildModel(
  layers: unknown,
  options: BuildModelOptions = {},
  path = 'model',
): Sequential {
  const { outputSize } = options;
  const configs = normalizeLayers(layers, path);
  const inputShape = inputShapeOf(options, configs[0]?.['inputs'], path);
  // Every shape first (a window that does not fit is an error before any weight is drawn).
  const shapes = sampleShapes(configs, inputShape, path, options.evenWindows === true);
  checkLayerSizes(configs, inputShape, path);
  const rng = options.rng ?? new Rng(options.seed ?? 0);
  const dtype = options.dtype ?? 'float32';
  let lastWeighted = -1;
  const modules = configs.map((config, i) => {
    const spec = layerSpec(config.type)!;
    const inShape = shapes[i]!;
    const features = inShape[0]!;
    if (config['inputs'] !== undefined && config['inputs'] !== features) {
      // After a flatten, say which image shape the features came from.
      const before = i > 0 && configs[i - 1]!.type === 'flatten' ? ` (the flattened [${shapes[i - 1]!.join(', ')}] of layer ${i - 1})` : '';
      throw new ConfigError(`${path}.${i}.inputs`, `the layer says ${String(config['inputs'])} inputs, but ${features} features reach it${before}`);
    }
    const module = spec.build(config, { inFeatures: features, inShape, rng, dtype });
    if (spec.weighted) lastWeighted = i;
    return module;
  });
  const outShape = shapes[shapes.length - 1]!;
  const features = outShape.reduce((a, b) => a * b, 1);
  if (outputSize !== undefined && features !== outputSize) {
    const where = lastWeighted < 0 ? path : `${path}.${lastWeighted}.units`;
    throw new ConfigError(
      where,
      `the model outputs ${features} values per example but ${outputSize} are needed (one per class or target)`,
    );
  }
  return new Sequential(modules, { inputShape });
}

/**
 * The depth of a network in the notes' sense: its layers with weights (linear, maxout), counting
 * the output layer and not the input.
 * @example networkDepth([{ type: 'linear', units: 100 }, 'relu', { type: 'linear', units: 3 }]); //=> 2
 */
export function networkDepth(layers: unknown): number {
  return normalizeLayers(layers).filter((c) => layerSpec(c.type)!.weighted).length;
}
