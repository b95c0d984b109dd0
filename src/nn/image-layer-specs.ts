// The config form of the image layers (conv2d, maxPool2d, avgPool2d, globalAvgPool, flatten), with
// their shape arithmetic: each maps a sample shape [C, H, W] to the next and names an impossible
// one (a window bigger than the padded input) as a ConfigError at the layer, before any data is read.
import { ConfigError } from '../errors.js';
import { outputSize } from '../ops/conv-geometry.js';
import { INIT_NAMES, type InitName } from './init.js';
import { AvgPool2d } from './layers/avg-pool2d.js';
import { Conv2d } from './layers/conv2d.js';
import { Flatten } from './layers/flatten.js';
import { GlobalAvgPool } from './layers/global-avg-pool.js';
import { MaxPool2d } from './layers/max-pool2d.js';
import type { LayerSpec, OptionSpec, OptionValue } from './layer-specs.js';
import type { Module } from './module.js';

type Options = Readonly<Record<string, OptionValue>>;

const isInt = (min: number) => (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= min;
const num = (o: Options, k: string): number => o[k] as number;
const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

function intOption(name: string, min: number, description: string, dflt?: number): OptionSpec {
  return {
    name,
    kind: 'integer',
    required: dflt === undefined,
    ...(dflt === undefined ? {} : { default: dflt }),
    expected: `an integer >= ${min}`,
    valid: isInt(min),
    description,
  };
}

/** A pool's stride: absent, it is the pool's size (windows that do not overlap). */
const poolStride: OptionSpec = {
  ...intOption('stride', 1, 'step of the window (default: the size, windows that do not overlap)'),
  required: false,
  defaultFrom: 'size',
};

/**
 * The output height and width of a window over the sample shape [C, H, W], or a ConfigError at `at`
 * naming the layer's window and the shapes when the window does not fit; with `even`, also when its
 * stride does not step exactly from the first window to the last. The ops floor the output size, as
 * PyTorch does, so a model built in code or imported may leave the last rows out; in a config that is
 * nearly always a mistake in the sizes.
 */
function windowOutput(
  inShape: readonly number[], at: string, type: string,
  w: { kernel: number; stride: number; pad: readonly [number, number]; dilation: number }, even: boolean,
): [number, number] {
  const [, h, width] = inShape as [number, number, number];
  const oh = outputSize(h, w.kernel, w.stride, w.pad[0], w.dilation);
  const ow = outputSize(width, w.kernel, w.stride, w.pad[1], w.dilation);
  const span = w.dilation * (w.kernel - 1) + 1;
  const steps = (size: number, pad: number): number => (size + pad - span) / w.stride + 1;
  const [sh, sw] = [steps(h, w.pad[0]), steps(width, w.pad[1])];
  if (even && oh >= 1 && ow >= 1 && !(Number.isInteger(sh) && Number.isInteger(sw))) {
    throw new ConfigError(
      at,
      `a ${type} window of ${span}x${span} with stride ${w.stride} does not step evenly over its input: sample shape ${shapeText(inShape)} ` +
        `would give ${+sh.toFixed(2)}x${+sw.toFixed(2)} outputs, leaving the last rows and columns out; change the padding, size or stride so that ` +
        `(size + 2 padding - window) is a multiple of the stride`,
    );
  }
  if (oh < 1 || ow < 1) {
    const dil = w.dilation === 1 ? '' : ` (kernel ${w.kernel}, dilation ${w.dilation})`;
    throw new ConfigError(
      at,
      `a ${type} window of ${span}x${span}${dil} does not fit its input: sample shape ${shapeText(inShape)}, ` +
        `${h + w.pad[0]}x${width + w.pad[1]} with padding, would give an output of ${oh}x${ow}`,
    );
  }
  return [oh, ow];
}

function poolSpec(type: string, description: string, make: (size: number, stride: number, padding: number) => Module): LayerSpec {
  return {
    type,
    weighted: false,
    input: 'image',
    description,
    options: [
      intOption('size', 1, 'window size (size x size)'),
      poolStride,
      intOption('padding', 0, 'padding on each side, at most half the size', 0),
    ],
    outShape: (s, o, at, even) => {
      const size = num(o, 'size');
      const padding = num(o, 'padding');
      if (padding > size / 2) {
        throw new ConfigError(`${at}.padding`, `padding ${padding} must be at most half the size ${size}`);
      }
      const [oh, ow] = windowOutput(s, at, type, { kernel: size, stride: num(o, 'stride'), pad: [2 * padding, 2 * padding], dilation: 1 }, even);
      return [s[0]!, oh, ow];
    },
    outFeatures: (n) => n,
    values: () => 0,
    build: (o) => make(num(o, 'size'), num(o, 'stride'), num(o, 'padding')),
  };
}

/** The image layer types, in documentation order. */
export const IMAGE_SPECS: readonly LayerSpec[] = [
  {
    type: 'conv2d',
    weighted: true,
    input: 'image',
    description: '2-D convolution over [C, H, W] samples: filters kernel x kernel windows, plus a bias per filter',
    options: [
      intOption('filters', 1, 'number of output channels'),
      intOption('kernel', 1, 'window size (kernel x kernel)'),
      intOption('stride', 1, 'step of the window', 1),
      {
        name: 'padding',
        kind: 'integer',
        required: false,
        default: 0,
        expected: "an integer >= 0 or 'same'",
        valid: (v) => v === 'same' || isInt(0)(v),
        description: "zeros on each side, or 'same' (output size = input size; stride 1)",
      },
      intOption('dilation', 1, 'spacing between kernel taps', 1),
      {
        name: 'bias',
        kind: 'boolean',
        required: false,
        default: true,
        expected: 'true or false',
        valid: (v) => typeof v === 'boolean',
        description: 'add a learnable bias per filter',
      },
      {
        name: 'init',
        kind: 'string',
        required: false,
        default: 'he',
        values: INIT_NAMES,
        valid: (v) => typeof v === 'string' && (INIT_NAMES as readonly string[]).includes(v),
        expected: `one of ${INIT_NAMES.join(', ')}`,
        description: 'weight initialization, fan-in channels x kernel x kernel',
      },
    ],
    outShape: (s, o, at, even) => {
      const kernel = num(o, 'kernel');
      const stride = num(o, 'stride');
      const dilation = num(o, 'dilation');
      if (o['padding'] === 'same' && stride !== 1) {
        throw new ConfigError(`${at}.padding`, `padding 'same' needs stride 1, got stride ${stride}`);
      }
      const total = o['padding'] === 'same' ? dilation * (kernel - 1) : 2 * num(o, 'padding');
      const [oh, ow] = windowOutput(s, at, 'conv2d', { kernel, stride, pad: [total, total], dilation }, even);
      return [num(o, 'filters'), oh, ow];
    },
    outFeatures: (_, o) => num(o, 'filters'),
    values: (n, o) => num(o, 'filters') * (n * num(o, 'kernel') ** 2 + (o['bias'] === false ? 0 : 1)),
    build: (o, c) =>
      new Conv2d(c.inFeatures, num(o, 'filters'), num(o, 'kernel'), {
        stride: num(o, 'stride'),
        padding: o['padding'] === 'same' ? 'same' : num(o, 'padding'),
        dilation: num(o, 'dilation'),
        bias: o['bias'] as boolean,
        init: o['init'] as InitName,
        rng: c.rng,
        dtype: c.dtype,
      }),
  },
  poolSpec('maxPool2d', 'max over each size x size window of each channel', (k, stride, padding) => new MaxPool2d(k, { stride, padding })),
  poolSpec('avgPool2d', 'mean over each size x size window (padding counts as zeros)', (k, stride, padding) => new AvgPool2d(k, { stride, padding })),
  {
    type: 'globalAvgPool',
    weighted: false,
    input: 'image',
    description: 'the mean of each channel over its whole map: [C, H, W] -> [C]',
    options: [],
    outShape: (s) => [s[0]!],
    outFeatures: (n) => n,
    values: () => 0,
    build: () => new GlobalAvgPool(),
  },
  {
    type: 'flatten',
    weighted: false,
    input: 'any',
    description: 'the sample as one feature vector, row-major: [C, H, W] -> [C * H * W]',
    options: [],
    outShape: (s) => [s.reduce((a, b) => a * b, 1)],
    outFeatures: (n) => n,
    values: () => 0,
    build: () => new Flatten(),
  },
];
