// The image layers (conv2d, maxPool2d, avgPool2d, globalAvgPool, flatten), batch norm and dropout on
// 4-D input, their config form with shapes inferred through the model, and the shape errors that
// name the layer. Expected values are worked out by hand or by loops written here.
import { describe, expect, it } from 'vitest';
import { gradcheck } from '../../src/check/gradcheck.js';
import { ConfigError } from '../../src/errors.js';
import { buildModel, checkLayerSizes, modelOutput, normalizeLayers, sampleShapes } from '../../src/nn/from-config.js';
import { AvgPool2d } from '../../src/nn/layers/avg-pool2d.js';
import { BatchNorm } from '../../src/nn/layers/batch-norm.js';
import { Conv2d } from '../../src/nn/layers/conv2d.js';
import { Dropout } from '../../src/nn/layers/dropout.js';
import { Flatten } from '../../src/nn/layers/flatten.js';
import { GlobalAvgPool } from '../../src/nn/layers/global-avg-pool.js';
import { Linear } from '../../src/nn/layers/linear.js';
import { MaxPool2d } from '../../src/nn/layers/max-pool2d.js';
import { modelRecordOf } from '../../src/nn/model-record.js';
import { Sequential } from '../../src/nn/layers/sequential.js';
import { Rng } from '../../src/tensor/rng.js';
import { ones, randn, tensor, zeros } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { errorOf } from '../helpers/config-error-of.js';

const f64 = (shape: number[], seed: number): Tensor => randn(shape, { dtype: 'float64', seed });
const std = (v: ArrayLike<number>): number => {
  const a = Array.from(v);
  const m = a.reduce((s, x) => s + x, 0) / a.length;
  return Math.sqrt(a.reduce((s, x) => s + (x - m) ** 2, 0) / a.length);
};

describe('Conv2d layer', () => {
  it('computes w * x + b: a 2x2 kernel of ones with bias 0.5 over a 3x3 input of ones is 4.5 everywhere', () => {
    const layer = new Conv2d(1, 1, 2, { dtype: 'float64', rng: new Rng(0) });
    layer.weight.data.fill(1);
    layer.bias!.data.fill(0.5);
    expect(layer.forward(ones([1, 1, 3, 3], { dtype: 'float64' })).toArray()).toEqual([[[[4.5, 4.5], [4.5, 4.5]]]]);
  });

  it("has weight (F, C, kh, kw) and bias (F); 'same' keeps H x W; stride 2 halves it", () => {
    const layer = new Conv2d(3, 8, [3, 5], { padding: 'same', rng: new Rng(1) });
    expect(layer.weight.shape).toEqual([8, 3, 3, 5]);
    expect(layer.bias!.shape).toEqual([8]);
    expect(layer.parameterCount()).toBe(8 * 3 * 3 * 5 + 8);
    expect(layer.forward(zeros([2, 3, 9, 7])).shape).toEqual([2, 8, 9, 7]);
    // floor((9 + 2 - 3) / 2) + 1 = 5, floor((7 + 2 - 3) / 2) + 1 = 4
    expect(new Conv2d(3, 4, 3, { padding: 1, stride: 2, bias: false }).forward(zeros([1, 3, 9, 7])).shape).toEqual([1, 4, 5, 4]);
  });

  it('He and Xavier count fan-in as inChannels x kh x kw (and fan-out as outChannels x kh x kw)', () => {
    const he = new Conv2d(16, 64, 3, { dtype: 'float64', rng: new Rng(3) });
    // He: sqrt(2 / (16 * 9)) = 0.11785; 9216 draws, so the sample std is within ~2% of it.
    expect(std(he.weight.data) / Math.sqrt(2 / 144)).toBeCloseTo(1, 1);
    expect(Math.abs(std(he.weight.data) / Math.sqrt(2 / 144) - 1)).toBeLessThan(0.03);
    const xavier = new Conv2d(16, 64, 3, { dtype: 'float64', init: 'xavier', rng: new Rng(4) });
    // Xavier normal: sqrt(2 / (16 * 9 + 64 * 9)) = 0.05270
    expect(Math.abs(std(xavier.weight.data) / Math.sqrt(2 / (144 + 576)) - 1)).toBeLessThan(0.03);
  });

  it('rejects bad options as ConfigErrors naming the option', () => {
    expect(errorOf(() => new Conv2d(1, 4, 0)).path).toBe('kernel');
    expect(errorOf(() => new Conv2d(1, 4, 3, { stride: 2, padding: 'same' })).path).toBe('padding');
    expect(errorOf(() => new Conv2d(1, 4, 3, { dilation: [1, 0] })).path).toBe('dilation');
    expect(() => new Conv2d(2, 4, 3).forward(zeros([1, 3, 5, 5]))).toThrow(/expected input of shape \(N,2,H,W\), got \(1,3,5,5\)/);
  });

  it('describes itself; a non-square layer has no config form', () => {
    expect(new Conv2d(1, 32, 3, { padding: 'same' }).layerConfig()).toEqual([
      { type: 'conv2d', filters: 32, kernel: 3, stride: 1, padding: 'same', dilation: 1, bias: true },
    ]);
    expect(new Conv2d(1, 2, [3, 1]).layerConfig()).toBeUndefined();
  });
});

describe('pooling, flatten and global average pool layers', () => {
  const x = tensor([[[[1, 2, 5, 3], [4, 0, 1, 1], [7, 8, 0, 2], [6, 5, 4, 9]]]], { dtype: 'float64' });

  it('maxPool2d and avgPool2d of a 4x4 map with 2x2 windows, by hand', () => {
    expect(new MaxPool2d(2).forward(x).toArray()).toEqual([[[[4, 5], [8, 9]]]]);
    expect(new AvgPool2d(2).forward(x).toArray()).toEqual([[[[7 / 4, 10 / 4], [26 / 4, 15 / 4]]]]);
    // 3x3 windows, stride 1: four windows.
    expect(new MaxPool2d(3, { stride: 1 }).forward(x).toArray()).toEqual([[[[8, 8], [8, 9]]]]);
  });

  it('globalAvgPool is the mean of each channel; flatten is row-major over (C, H, W)', () => {
    const two = tensor([[[[1, 2], [3, 4]], [[10, 20], [30, 40]]]], { dtype: 'float64' });
    expect(new GlobalAvgPool().forward(two).toArray()).toEqual([[2.5, 25]]);
    expect(new Flatten().forward(two).toArray()).toEqual([[1, 2, 3, 4, 10, 20, 30, 40]]);
  });

  it('describe themselves', () => {
    expect(new MaxPool2d(2).layerConfig()).toEqual([{ type: 'maxPool2d', size: 2, stride: 2, padding: 0 }]);
    expect(new AvgPool2d(3, { stride: 1, padding: 1 }).layerConfig()).toEqual([{ type: 'avgPool2d', size: 3, stride: 1, padding: 1 }]);
    expect(new GlobalAvgPool().layerConfig()).toEqual(['globalAvgPool']);
    expect(new Flatten().layerConfig()).toEqual(['flatten']);
    expect(errorOf(() => new MaxPool2d(2, { padding: 2 })).path).toBe('padding');
  });
});

describe('batch norm and dropout on 4-D input', () => {
  it('batch norm normalizes per channel over N, H, W and updates the running averages with m = N H W', () => {
    const bn = new BatchNorm(2, { dtype: 'float64', momentum: 0.1 });
    const x = f64([3, 2, 2, 3], 5);
    const y = bn.forward(x);
    for (let c = 0; c < 2; c++) {
      const xs: number[] = [];
      const ys: number[] = [];
      for (let n = 0; n < 3; n++) for (let k = 0; k < 6; k++) {
        xs.push(x.data[(n * 2 + c) * 6 + k]!);
        ys.push(y.data[(n * 2 + c) * 6 + k]!);
      }
      const mu = xs.reduce((a, b) => a + b, 0) / 18;
      const v = xs.reduce((a, b) => a + (b - mu) ** 2, 0) / 18;
      ys.forEach((yy, i) => expect(yy).toBeCloseTo((xs[i]! - mu) / Math.sqrt(v + 1e-5), 10));
      expect(bn.runningMean.data[c]).toBeCloseTo(0.1 * mu, 12);
      expect(bn.runningVar.data[c]).toBeCloseTo(0.9 + 0.1 * v * (18 / 17), 12);
    }
    // Eval: (x - running mean) / sqrt(running var + eps) per channel.
    bn.eval();
    const e = bn.forward(x);
    const rm = bn.runningMean.data;
    const rv = bn.runningVar.data;
    expect(e.data[7]).toBeCloseTo((x.data[7]! - rm[1]!) / Math.sqrt(rv[1]! + 1e-5), 12); // n 0, channel 1
    expect(() => new BatchNorm(3).forward(zeros([2, 2, 4, 4]))).toThrow(/\(N,3,H,W\)/);
  });

  it('batch norm on images passes gradcheck (x, gamma, beta), in training and in eval mode', () => {
    const bn = new BatchNorm(2, { dtype: 'float64' });
    bn.gamma.data.set([1.5, -0.7]);
    bn.beta.data.set([0.2, 0.1]);
    const report = gradcheck((t) => bn.forward(t), [f64([3, 2, 3, 2], 6), bn.gamma, bn.beta], { samples: 30 });
    expect(report.warnings).toEqual([]);
    expect(report.passed).toBe(true);
    // Eval mode, with running statistics away from 0 and 1: the gradient through fixed statistics.
    bn.runningMean.data.set([0.3, -0.2]);
    bn.runningVar.data.set([2, 0.5]);
    bn.eval();
    const fixed = gradcheck((t) => bn.forward(t), [f64([3, 2, 3, 2], 7), bn.gamma, bn.beta], { samples: 30 });
    expect(fixed.warnings).toEqual([]);
    expect(fixed.passed).toBe(true);
  });

  it('dropout on 4-D input keeps the shape, zeroes about rate of the values and scales the rest', () => {
    const d = new Dropout(0.25, { rng: new Rng(2) });
    const y = d.forward(ones([4, 3, 10, 10], { dtype: 'float64' }));
    expect(y.shape).toEqual([4, 3, 10, 10]);
    const dropped = Array.from(y.data).filter((v) => v === 0).length / y.size;
    expect(Math.abs(dropped - 0.25)).toBeLessThan(0.04);
    expect(Array.from(y.data).every((v) => v === 0 || v === 1 / 0.75)).toBe(true);
  });
});

const CNN = [
  { type: 'conv2d', filters: 4, kernel: 3, padding: 1 },
  'relu',
  { type: 'maxPool2d', size: 2 },
  { type: 'conv2d', filters: 3, kernel: 3, padding: 'same', dilation: 2 },
  { type: 'batchNorm' },
  'relu',
  { type: 'avgPool2d', size: 2, stride: 1 },
  'flatten',
  { type: 'dropout', rate: 0.1 },
  { type: 'linear', units: 5 },
];

describe('the config form, shapes inferred through the model', () => {
  it('fills defaults (a pool stride is its size) and infers every sample shape from inputShape', () => {
    const configs = normalizeLayers(CNN);
    expect(configs[0]).toEqual({ type: 'conv2d', filters: 4, kernel: 3, stride: 1, padding: 1, dilation: 1, bias: true, init: 'he' });
    expect(configs[2]).toEqual({ type: 'maxPool2d', size: 2, stride: 2, padding: 0 });
    // [1, 9, 7] -conv pad 1-> [4, 9, 7] -pool 2-> [4, 4, 3] -same-> [3, 4, 3] -avg 2 stride 1-> [3, 3, 2] -> 18
    expect(sampleShapes(configs, [1, 9, 7]).map((s) => s.join('x'))).toEqual([
      '1x9x7', '4x9x7', '4x9x7', '4x4x3', '3x4x3', '3x4x3', '3x4x3', '3x3x2', '18', '18', '5',
    ]);
    expect(modelOutput(CNN, [1, 9, 7])).toEqual({ size: 5, lastWeighted: 9 });
  });

  it('builds a model whose linear layer needs no input size, and runs it', () => {
    const model = buildModel(CNN, { inputShape: [1, 9, 7], seed: 3, outputSize: 5 });
    const linear = model.layers[9] as Linear;
    expect(linear.inFeatures).toBe(18);
    expect((model.layers[3] as Conv2d).weight.shape).toEqual([3, 4, 3, 3]);
    expect(model.forward(zeros([7, 1, 9, 7])).shape).toEqual([7, 5]);
    // A model's own description rebuilds the same layers.
    const again = buildModel(model.layerConfig(), { inputShape: [1, 9, 7] });
    expect(again.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`)).toEqual(
      model.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`),
    );
    expect(model.layerConfig()![2]).toEqual({ type: 'maxPool2d', size: 2, stride: 2, padding: 0 });
  });

  it('accepts inputSize with inputShape when they agree; globalAvgPool gives [C]', () => {
    const layers = [{ type: 'conv2d', filters: 6, kernel: 1 }, 'globalAvgPool', { type: 'linear', units: 2, inputs: 6 }];
    const model = buildModel(layers, { inputShape: [2, 5, 5], inputSize: 50 });
    expect(model.forward(zeros([3, 2, 5, 5])).shape).toEqual([3, 2]);
    expect(errorOf(() => buildModel(layers, { inputShape: [2, 5, 5], inputSize: 49 })).path).toBe('inputShape');
    expect(errorOf(() => buildModel(layers, { inputShape: [2, 0, 5] })).path).toBe('inputShape');
  });

  it('gradcheck of a built float64 convnet: input and every parameter', () => {
    const layers = [
      { type: 'conv2d', filters: 3, kernel: 3, padding: 1, stride: 2 },
      'tanh',
      { type: 'maxPool2d', size: 2, stride: 1 },
      { type: 'conv2d', filters: 2, kernel: 2, dilation: 2, padding: 'same' },
      { type: 'avgPool2d', size: 3, stride: 1, padding: 1 },
      'globalAvgPool',
      { type: 'linear', units: 3 },
    ];
    const model = buildModel(layers, { inputShape: [2, 7, 6], dtype: 'float64', seed: 4 });
    const params = model.parameters();
    const report = gradcheck((x) => model.forward(x), [f64([2, 2, 7, 6], 9), ...params], { samples: 25 });
    expect(report.warnings).toEqual([]);
    expect(report.passed).toBe(true);
  });
});

describe('impossible shapes are ConfigErrors naming the layer and the shapes', () => {
  it('a kernel bigger than the padded input', () => {
    const e = errorOf(() => buildModel([{ type: 'conv2d', filters: 2, kernel: 5, padding: 0 }], { inputShape: [1, 3, 4] }));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.path).toBe('model.0');
    expect(e.message).toMatch(/conv2d window of 5x5 does not fit its input: sample shape \[1, 3, 4\], 3x4 with padding, would give an output of -1x0/);
    // Dilation widens the window: 3 taps spaced 3 apart span 7.
    const d = errorOf(() => buildModel([{ type: 'conv2d', filters: 2, kernel: 3, dilation: 3, padding: 1 }], { inputShape: [1, 4, 8] }));
    expect(d.message).toMatch(/window of 7x7 \(kernel 3, dilation 3\) does not fit .* \[1, 4, 8\], 6x10 with padding/);
  });

  it('a pool after the map has shrunk too far names its own index', () => {
    const layers = [{ type: 'conv2d', filters: 2, kernel: 3 }, { type: 'maxPool2d', size: 2 }, { type: 'maxPool2d', size: 2 }];
    // [1, 5, 5] -> [2, 3, 3] -> [2, 1, 1] -> a 2x2 window does not fit.
    const e = errorOf(() => buildModel(layers, { inputShape: [1, 5, 5] }));
    expect(e.path).toBe('model.2');
    expect(e.message).toMatch(/maxPool2d window of 2x2 does not fit its input: sample shape \[2, 1, 1\]/);
  });

  it('linear after an image without flatten; an image layer on feature vectors; a wrong declared size after flatten', () => {
    const e = errorOf(() => buildModel([{ type: 'conv2d', filters: 2, kernel: 3 }, { type: 'linear', units: 3 }], { inputShape: [1, 5, 5] }));
    expect(e.path).toBe('model.1');
    expect(e.message).toMatch(/linear layer takes feature vectors, but samples of shape \[2, 3, 3\] reach it; put "flatten" before it/);
    const f = errorOf(() => buildModel([{ type: 'conv2d', filters: 2, kernel: 3 }], { inputSize: 784 }));
    expect(f.path).toBe('model.0');
    expect(f.message).toMatch(/takes images \[channels, height, width\], but samples of shape \[784\] reach it; give the model its input shape/);
    const g = errorOf(() => buildModel([{ type: 'conv2d', filters: 2, kernel: 3 }, 'flatten', { type: 'linear', units: 3, inputs: 50 }], { inputShape: [1, 5, 5] }));
    expect(g.path).toBe('model.2.inputs');
    expect(g.message).toMatch(/says 50 inputs, but 18 features reach it/);
  });

  it("'same' with stride 2, and bad option values, name the field", () => {
    expect(errorOf(() => buildModel([{ type: 'conv2d', filters: 2, kernel: 3, stride: 2, padding: 'same' }], { inputShape: [1, 5, 5] })).path).toBe('model.0.padding');
    expect(errorOf(() => normalizeLayers([{ type: 'conv2d', filters: 2, kernel: 3, padding: 'valid' }])).path).toBe('model.0.padding');
    expect(errorOf(() => normalizeLayers([{ type: 'conv2d', kernel: 3 }])).path).toBe('model.0.filters');
    expect(errorOf(() => normalizeLayers([{ type: 'maxPool2d', size: 2, kernel: 2 }])).path).toBe('model.0.kernel');
    expect(errorOf(() => buildModel([{ type: 'avgPool2d', size: 2, padding: 2 }], { inputShape: [1, 6, 6] })).path).toBe('model.0.padding');
  });

  it('the layer size limit counts a conv layer by its channels', () => {
    const huge = normalizeLayers([{ type: 'conv2d', filters: 100000, kernel: 3 }, { type: 'conv2d', filters: 1000, kernel: 3 }]);
    // 1000 * (100000 * 9 + 1) = 900,001,000 values > 2^28
    const e = errorOf(() => checkLayerSizes(huge, [1, 8, 8]));
    expect(e.path).toBe('model.1');
    expect(e.message).toMatch(/conv2d layer with 100000 input channels holds 900001000 values/);
  });

  it('a model built by hand runs as Sequential', () => {
    const model = new Sequential([new Conv2d(1, 2, 3, { padding: 1 }), new MaxPool2d(2), new Flatten(), new Linear(2 * 2 * 2, 3)]);
    expect(model.forward(zeros([1, 1, 4, 4])).shape).toEqual([1, 3]);
  });
});

describe('model records', () => {
  it('an image model records its input shape; one built by hand without it is refused, naming the layer', () => {
    const model = buildModel(['flatten', { type: 'linear', units: 2 }], { inputShape: [1, 2, 2] });
    expect(modelRecordOf(model).inputSize).toBe(4);
    const cnn = buildModel([{ type: 'conv2d', filters: 2, kernel: 1 }, 'flatten'], { inputShape: [1, 2, 2] });
    expect([modelRecordOf(cnn).inputSize, modelRecordOf(cnn).inputShape]).toEqual([4, [1, 2, 2]]);
    const byHand = new Sequential([new Conv2d(1, 2, 1), new Flatten()]);
    const e = errorOf(() => modelRecordOf(byHand));
    expect(e.path).toBe('model.0');
    expect(e.message).toMatch(/Conv2d\) takes images, but the model has no input shape \[C, H, W\]/);
  });
});
