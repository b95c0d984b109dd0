// The layer types a model config may name, with their options: the single table that buildModel
// validates against and that the doctor and the config schema read through layerTypes().
import type { DType } from '../backend/backend.js';
import type { Rng } from '../tensor/rng.js';
import { INIT_NAMES, type InitName } from './init.js';
import { BatchNorm } from './layers/batch-norm.js';
import { Dropout } from './layers/dropout.js';
import { ELU } from './layers/elu.js';
import { GELU, type GeluApproximation } from './layers/gelu.js';
import { LeakyReLU } from './layers/leaky-relu.js';
import { Linear } from './layers/linear.js';
import { Maxout } from './layers/maxout.js';
import { ReLU } from './layers/relu.js';
import { Sigmoid } from './layers/sigmoid.js';
import { Tanh } from './layers/tanh.js';
import type { Module } from './module.js';
import { IMAGE_SPECS } from './image-layer-specs.js';

/** A value a layer option may hold. */
export type OptionValue = number | string | boolean;

/** One option of a layer type, as documented and validated. */
export interface LayerOptionInfo {
  readonly name: string;
  readonly kind: 'integer' | 'number' | 'boolean' | 'string';
  readonly required: boolean;
  /** The default; absent for required options and for defaults that depend on the model (linear init). */
  readonly default?: OptionValue;
  /** The allowed values of a string option. */
  readonly values?: readonly string[];
  /** For an option without a fixed default: the option whose value it takes (a pool's stride: its size). */
  readonly defaultFrom?: string;
  /** What a valid value is, in words: "an integer >= 1". */
  readonly expected: string;
  readonly description: string;
}

/** A layer type a config may name. */
export interface LayerTypeInfo {
  readonly type: string;
  readonly description: string;
  /** True for layers with weights (linear, maxout): the ones an N-layer network counts. */
  readonly weighted: boolean;
  readonly options: readonly LayerOptionInfo[];
}

/** What building one layer needs besides its options. */
export interface BuildContext {
  /** The features reaching the layer: for an image (C, H, W), its channels C. */
  readonly inFeatures: number;
  /** The sample shape reaching the layer: [features], or [C, H, W] for images. */
  readonly inShape: readonly number[];
  readonly rng: Rng;
  readonly dtype: DType;
}

export interface OptionSpec extends LayerOptionInfo {
  readonly valid: (v: unknown) => boolean;
}

/**
 * What a layer takes per sample: 'features' (a vector [n]; linear, maxout), 'image' ([C, H, W];
 * conv2d, the pools) or 'any' (activations, batch norm, dropout, flatten). Absent: 'features'.
 */
export type LayerInput = 'features' | 'image' | 'any';

export interface LayerSpec extends LayerTypeInfo {
  readonly options: readonly OptionSpec[];
  readonly input?: LayerInput;
  /**
   * The output sample shape for the input sample shape, for layers that change a shape other than
   * [n] -> [outFeatures(n)] (conv2d, pools, flatten). Throws ConfigError at `at` when the shape is
   * impossible. Absent: 'any' layers keep the shape, 'features' layers give [outFeatures(n)].
   */
  outShape?(inShape: readonly number[], o: Readonly<Record<string, OptionValue>>, at: string, evenWindows: boolean): number[];
  /**
   * The number of output features (or channels, for an image) for `inFeatures` inputs (channels).
   * For flatten, which needs the whole shape, a lower bound.
   */
  outFeatures(inFeatures: number, o: Readonly<Record<string, OptionValue>>): number;
  /** The number of values the layer stores (parameters and buffers) for `inFeatures` inputs (channels). */
  values(inFeatures: number, o: Readonly<Record<string, OptionValue>>): number;
  build(o: Readonly<Record<string, OptionValue>>, ctx: BuildContext): Module;
}

const isInt = (min: number) => (v: unknown) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min;
const isFinite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const oneOf = (values: readonly string[]) => (v: unknown) =>
  typeof v === 'string' && values.includes(v);

const units: OptionSpec = {
  name: 'units',
  kind: 'integer',
  required: true,
  expected: 'an integer >= 1',
  valid: isInt(1),
  description: 'number of output units',
};
/** The input size a weighted layer may state: required of nothing, checked against what reaches it. */
const inputs: OptionSpec = {
  name: 'inputs',
  kind: 'integer',
  required: false,
  expected: 'an integer >= 1',
  description: 'number of input features (optional; lets buildModel(layers) run without an inputSize when the first layer has it)',
  valid: isInt(1),
};
const init = (description: string, dflt?: InitName): OptionSpec => ({
  name: 'init',
  kind: 'string',
  required: false,
  values: INIT_NAMES,
  valid: oneOf(INIT_NAMES),
  expected: `one of ${INIT_NAMES.join(', ')}`,
  description,
  ...(dflt === undefined ? {} : { default: dflt }),
});
const alpha = (dflt: number, description: string): OptionSpec => ({
  name: 'alpha',
  kind: 'number',
  required: false,
  default: dflt,
  expected: 'a finite number',
  valid: isFinite,
  description,
});

/** An activation with no options that keeps the number of features. */
function activation(type: string, description: string, make: () => Module): LayerSpec {
  return {
    type,
    description,
    weighted: false,
    input: 'any',
    options: [],
    outFeatures: (n) => n,
    values: () => 0,
    build: make,
  };
}

const num = (o: Readonly<Record<string, OptionValue>>, k: string): number => o[k] as number;

const SPECS: readonly LayerSpec[] = [
  {
    type: 'linear',
    weighted: true,
    description: 'fully connected layer x W + b',
    options: [
      units,
      inputs,
      init('weight initialization; default xavier when tanh or sigmoid follows, he otherwise'),
      {
        name: 'bias',
        kind: 'boolean',
        required: false,
        default: true,
        expected: 'true or false',
        valid: (v) => typeof v === 'boolean',
        description: 'add a learnable bias',
      },
    ],
    outFeatures: (_, o) => num(o, 'units'),
    values: (n, o) => (n + (o['bias'] === false ? 0 : 1)) * num(o, 'units'),
    build: (o, c) =>
      new Linear(c.inFeatures, num(o, 'units'), {
        init: o['init'] as InitName,
        bias: o['bias'] as boolean,
        rng: c.rng,
        dtype: c.dtype,
      }),
  },
  {
    type: 'maxout',
    weighted: true,
    description: 'each unit the max over `pieces` linear functions of the input',
    options: [
      units,
      inputs,
      {
        name: 'pieces',
        kind: 'integer',
        required: false,
        default: 2,
        expected: 'an integer >= 2',
        valid: isInt(2),
        description: 'linear pieces per unit',
      },
      init('initialization of every piece', 'he'),
    ],
    outFeatures: (_, o) => num(o, 'units'),
    values: (n, o) => (n + 1) * num(o, 'units') * num(o, 'pieces'),
    build: (o, c) =>
      new Maxout(c.inFeatures, num(o, 'units'), num(o, 'pieces'), {
        init: o['init'] as InitName,
        rng: c.rng,
        dtype: c.dtype,
      }),
  },
  activation('relu', 'max(0, x)', () => new ReLU()),
  activation('sigmoid', '1 / (1 + e^-x)', () => new Sigmoid()),
  activation('tanh', 'hyperbolic tangent', () => new Tanh()),
  {
    type: 'leakyRelu',
    weighted: false,
    input: 'any',
    description: 'x for x >= 0, alpha x below',
    options: [alpha(0.01, 'slope for negative inputs')],
    outFeatures: (n) => n,
    values: () => 0,
    build: (o) => new LeakyReLU(num(o, 'alpha')),
  },
  {
    type: 'elu',
    weighted: false,
    input: 'any',
    description: 'x for x > 0, alpha (e^x - 1) below',
    options: [alpha(1, 'saturation value for large negative inputs is -alpha')],
    outFeatures: (n) => n,
    values: () => 0,
    build: (o) => new ELU(num(o, 'alpha')),
  },
  {
    type: 'gelu',
    weighted: false,
    input: 'any',
    description: 'x Phi(x), Phi the standard normal CDF',
    options: [
      {
        name: 'approximate',
        kind: 'string',
        required: false,
        default: 'none',
        values: ['none', 'tanh'],
        expected: "'none' or 'tanh'",
        valid: oneOf(['none', 'tanh']),
        description: "'tanh' for the tanh approximation",
      },
    ],
    outFeatures: (n) => n,
    values: () => 0,
    build: (o) => new GELU({ approximate: o['approximate'] as GeluApproximation }),
  },
  {
    type: 'batchNorm',
    weighted: false,
    input: 'any',
    description: 'per-feature normalization over the batch, then gamma x + beta',
    options: [
      {
        name: 'eps',
        kind: 'number',
        required: false,
        default: 1e-5,
        expected: 'a number > 0',
        valid: (v) => isFinite(v) && (v as number) > 0,
        description: 'added to the variance inside the square root',
      },
      {
        name: 'momentum',
        kind: 'number',
        required: false,
        default: 0.1,
        expected: 'a number in [0, 1]',
        valid: (v) => isFinite(v) && (v as number) >= 0 && (v as number) <= 1,
        description: 'weight of each new batch in the running averages',
      },
    ],
    outFeatures: (n) => n,
    // gamma and beta, and the running mean and variance.
    values: (n) => 4 * n,
    build: (o, c) =>
      new BatchNorm(c.inFeatures, {
        eps: num(o, 'eps'),
        momentum: num(o, 'momentum'),
        dtype: c.dtype,
      }),
  },
  {
    type: 'dropout',
    weighted: false,
    input: 'any',
    description: 'inverted dropout: drop with probability rate, scale the rest by 1/(1-rate)',
    options: [
      {
        name: 'rate',
        kind: 'number',
        required: false,
        default: 0.5,
        expected: 'a number in [0, 1)',
        valid: (v) => isFinite(v) && (v as number) >= 0 && (v as number) < 1,
        description: 'probability of dropping a unit (not of keeping it)',
      },
    ],
    outFeatures: (n) => n,
    values: () => 0,
    build: (o, c) => new Dropout(num(o, 'rate'), { rng: c.rng }),
  },
  ...IMAGE_SPECS,
];

/** The spec of `type`, or undefined. */
export function layerSpec(type: string): LayerSpec | undefined {
  return SPECS.find((s) => s.type === type);
}

/** The layer type names, in documentation order. */
export const LAYER_TYPES: readonly string[] = SPECS.map((s) => s.type);

/**
 * Every layer type a model config may name, with its options (kind, default, allowed values,
 * description): for the doctor, the config schema and the docs.
 * @example layerTypes().map((t) => t.type); //=> ['linear', 'maxout', 'relu', 'sigmoid', 'tanh', ...]
 */
export function layerTypes(): LayerTypeInfo[] {
  return SPECS.map(({ type, description, weighted, options }) => ({
    type,
    description,
    weighted,
    options: options.map(({ valid: _valid, ...info }) => info),
  }));
}
