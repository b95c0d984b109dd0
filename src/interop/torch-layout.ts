// Where each descent parameter goes in the equivalent PyTorch nn.Sequential: the layer at position i
// of the model list is module i of the Sequential (activations and dropout take an index too, with no
// parameters), so names are `i.weight`, `i.bias`, `i.running_mean`... Linear and maxout store their
// weight as (in, out) for x W; PyTorch's nn.Linear stores (out, in) for x W^T, hence the transpose.
import { layerSpec } from '../nn/layer-specs.js';
import { type LayerConfig, sampleShapes } from '../nn/from-config.js';

/** One tensor of the PyTorch state dict and the descent state entry it comes from. */
export interface TorchTensor {
  /** The PyTorch name: `0.weight`. */
  readonly name: string;
  /** The descent state name: `layers.0.weight`. */
  readonly descent: string;
  /** The PyTorch shape ([out, in] for a weight matrix). */
  readonly shape: readonly number[];
  /** True when descent holds the transpose (its shape is `shape` reversed). */
  readonly transpose: boolean;
}

/** PyTorch names of batch norm's tensors, by descent name. */
const BATCH_NORM: readonly (readonly [string, string])[] = [
  ['gamma', 'weight'],
  ['beta', 'bias'],
  ['runningMean', 'running_mean'],
  ['runningVar', 'running_var'],
];

/** Number of outputs per example of the layer with this config, given its input size. */
export function outFeatures(config: LayerConfig, inFeatures: number): number {
  return layerSpec(config.type)!.outFeatures(inFeatures, config);
}

/**
 * Every tensor of the PyTorch state dict of a normalized layer list, in Sequential order (the batch
 * norm step counter `num_batches_tracked` is not listed: descent has no such state).
 * @example torchTensors([{ type: 'linear', units: 3, bias: true, init: 'he' }], 2);
 * //=> [{ name: '0.weight', descent: 'layers.0.weight', shape: [3, 2], transpose: true }, { name: '0.bias', ... }]
 */
export function torchTensors(configs: readonly LayerConfig[], inputSize: number, inputShape?: readonly number[]): TorchTensor[] {
  const out: TorchTensor[] = [];
  const shapes = sampleShapes(configs, inputShape ?? [inputSize]);
  configs.forEach((config, i) => {
    const inShape = shapes[i]!;
    // Feature count in, or the channel count of images (batch norm over channels, a conv's C).
    const features = inShape[0]!;
    const next = shapes[i + 1]!.reduce((a, d) => a * d, 1);
    const at = (name: string, descent: string, shape: number[], transpose = false): void => {
      out.push({ name: `${i}.${name}`, descent: `layers.${i}.${descent}`, shape, transpose });
    };
    if (config.type === 'linear' || config.type === 'maxout') {
      // maxout's columns are unit-major (u * pieces + k), so its rows in PyTorch are too.
      const cols = config.type === 'maxout' ? next * (config['pieces'] as number) : next;
      at('weight', 'weight', [cols, features], true);
      if (config['bias'] !== false) at('bias', 'bias', [cols]);
    } else if (config.type === 'conv2d') {
      // Both store (out, in, kh, kw): no transpose.
      const k = config['kernel'] as number;
      const f = config['filters'] as number;
      at('weight', 'weight', [f, features, k, k]);
      if (config['bias'] !== false) at('bias', 'bias', [f]);
    } else if (config.type === 'batchNorm') {
      for (const [descent, torch] of BATCH_NORM) at(torch, descent, [features]);
    }
  });
  return out;
}

const pyNumber = (v: unknown): string => {
  const s = String(v);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
};

/**
 * The PyTorch module each layer becomes, as Python source (`Maxout` is not in torch.nn: docs/interop.md
 * gives its few lines).
 * @example torchModules([{ type: 'relu' }], 2); //=> ['nn.ReLU()']
 */
export function torchModules(configs: readonly LayerConfig[], inputSize: number, inputShape?: readonly number[]): string[] {
  const shapes = sampleShapes(configs, inputShape ?? [inputSize]);
  return configs.map((c, i) => {
    const image = shapes[i]!.length === 3;
    const n = shapes[i]![0]!;
    const features = shapes[i + 1]!.reduce((a, d) => a * d, 1);
    switch (c.type) {
      case 'linear':
        return `nn.Linear(${n}, ${features}, bias=${c['bias'] === false ? 'False' : 'True'})`;
      case 'maxout':
        return `Maxout(${n}, ${features}, ${String(c['pieces'])})`;
      case 'batchNorm':
        return `nn.BatchNorm${image ? '2' : '1'}d(${n}, eps=${pyNumber(c['eps'])}, momentum=${pyNumber(c['momentum'])})`;
      case 'conv2d': {
        const padding = c['padding'] === 'same' ? "'same'" : String(c['padding']);
        return `nn.Conv2d(${n}, ${String(c['filters'])}, ${String(c['kernel'])}, stride=${String(c['stride'])}, padding=${padding}, dilation=${String(c['dilation'])}, bias=${c['bias'] === false ? 'False' : 'True'})`;
      }
      case 'maxPool2d':
        return `nn.MaxPool2d(${String(c['size'])}, stride=${String(c['stride'])}, padding=${String(c['padding'])})`;
      case 'avgPool2d':
        return `nn.AvgPool2d(${String(c['size'])}, stride=${String(c['stride'])}, padding=${String(c['padding'])})`;
      case 'globalAvgPool':
        return 'nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())';
      case 'flatten':
        return 'nn.Flatten()';
      case 'relu':
        return 'nn.ReLU()';
      case 'tanh':
        return 'nn.Tanh()';
      case 'sigmoid':
        return 'nn.Sigmoid()';
      case 'leakyRelu':
        return `nn.LeakyReLU(negative_slope=${pyNumber(c['alpha'])})`;
      case 'elu':
        return `nn.ELU(alpha=${pyNumber(c['alpha'])})`;
      case 'gelu':
        return `nn.GELU(approximate='${String(c['approximate'])}')`;
      case 'dropout':
        return `nn.Dropout(p=${pyNumber(c['rate'])})`;
      default:
        return `# ${c.type}: no PyTorch module known`;
    }
  });
}
