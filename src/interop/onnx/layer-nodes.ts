// Each descent layer as ONNX nodes (opset 17), in inference form: the same formulas, in the same
// order of operations, as the layers' forward passes, so that onnxruntime's outputs match descent's.
import { ConfigError } from '../../errors.js';
import type { LayerConfig } from '../../nn/from-config.js';
import type { TensorValues } from '../../nn/module.js';
import type { GraphBuilder } from './graph-builder.js';

/** What one layer needs besides its config: its tensors by descent parameter name. */
export interface LayerInput {
  readonly index: number;
  readonly config: LayerConfig;
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** The sample shape reaching the layer: [n], or [C, H, W] for images. */
  readonly inShape: readonly number[];
  readonly tensor: (name: string) => TensorValues;
}

/** gelu exact: (x * 0.5) * (erf(x / sqrt 2) + 1), Erf being in opset 17 (Gelu only from opset 20). */
function gelu(g: GraphBuilder, x: string, at: string, approximate: string): string {
  const half = g.node('Mul', [x, g.scalar('half', 0.5)], at);
  if (approximate === 'tanh') {
    // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
    const cube = g.node('Mul', [g.node('Mul', [x, x], at), x], at);
    const inner = g.node('Add', [x, g.node('Mul', [cube, g.scalar('c', 0.044715)], at)], at);
    const t = g.node('Tanh', [g.node('Mul', [inner, g.scalar('k', Math.sqrt(2 / Math.PI))], at)], at);
    return g.node('Mul', [half, g.node('Add', [t, g.scalar('one', 1)], at)], at);
  }
  const erf = g.node('Erf', [g.node('Mul', [x, g.scalar('rsqrt2', Math.SQRT1_2)], at)], at);
  return g.node('Mul', [half, g.node('Add', [erf, g.scalar('one', 1)], at)], at);
}

/** ONNX pads [top, left, bottom, right] of a window; 'same' puts the odd pad bottom/right as descent does. */
function padsOf(padding: unknown, kernel: number, dilation: number): number[] {
  if (padding !== 'same') return [padding as number, padding as number, padding as number, padding as number];
  const total = dilation * (kernel - 1);
  const before = Math.floor(total / 2);
  return [before, before, total - before, total - before];
}

/** conv2d, the pools, globalAvgPool and flatten as ONNX nodes (NCHW, as descent computes them). */
function imageNodes(g: GraphBuilder, x: string, layer: LayerInput, param: (name: string) => TensorValues): string | undefined {
  const { index, config, inShape } = layer;
  const at = `layers.${index}`;
  const c = config as Record<string, unknown>;
  switch (config.type) {
    case 'conv2d': {
      const k = c['kernel'] as number;
      const d = c['dilation'] as number;
      const filters = c['filters'] as number;
      const w = g.constant(`${at}.weight`, [filters, inShape[0]!, k, k], param('weight').data);
      const inputs = c['bias'] === false ? [x, w] : [x, w, g.constant(`${at}.bias`, [filters], param('bias').data)];
      const s = c['stride'] as number;
      return g.node('Conv', inputs, at, {
        kernel_shape: { ints: [k, k] }, strides: { ints: [s, s] }, dilations: { ints: [d, d] }, pads: { ints: padsOf(c['padding'], k, d) },
      });
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const k = c['size'] as number;
      const s = c['stride'] as number;
      const p = c['padding'] as number;
      const common = { kernel_shape: { ints: [k, k] }, strides: { ints: [s, s] }, pads: { ints: [p, p, p, p] } };
      return config.type === 'maxPool2d'
        ? g.node('MaxPool', [x], at, common)
        : g.node('AveragePool', [x], at, { ...common, count_include_pad: { int: 1 } });
    }
    case 'globalAvgPool':
      // descent's global average pool gives (N, C); ONNX's keeps (N, C, 1, 1).
      return g.node('Flatten', [g.node('GlobalAveragePool', [x], at)], at, { axis: { int: 1 } });
    case 'flatten':
      return g.node('Flatten', [x], at, { axis: { int: 1 } });
    default:
      return undefined;
  }
}

/**
 * Appends the nodes of one layer reading value `x` and returns the name of its output. Dropout is
 * the identity at inference and adds nothing.
 * @throws ConfigError for a layer type with no ONNX form.
 */
export function layerNodes(g: GraphBuilder, x: string, layer: LayerInput): string {
  const { index, config, inFeatures, outFeatures, tensor } = layer;
  const at = `layers.${index}`;
  const param = (name: string): TensorValues => tensor(`${at}.${name}`);
  const image = imageNodes(g, x, layer, param);
  if (image !== undefined) return image;
  switch (config.type) {
    case 'linear': {
      // descent's weight is (in, out): Y = X W + b is Gemm with transB = 0.
      const w = g.constant(`${at}.weight`, [inFeatures, outFeatures], param('weight').data);
      const inputs = config['bias'] === false ? [x, w] : [x, w, g.constant(`${at}.bias`, [outFeatures], param('bias').data)];
      return g.node('Gemm', inputs, at);
    }
    case 'maxout': {
      const pieces = config['pieces'] as number;
      const cols = outFeatures * pieces;
      const w = g.constant(`${at}.weight`, [inFeatures, cols], param('weight').data);
      const z = g.node('Gemm', [x, w, g.constant(`${at}.bias`, [cols], param('bias').data)], at);
      // Column u * pieces + k is piece k of unit u: (N, units, pieces), then the max over pieces.
      const grouped = g.node('Reshape', [z, g.int64s(`${at}.shape`, [-1, outFeatures, pieces])], at);
      return g.node('ReduceMax', [grouped], at, { axes: { ints: [2] }, keepdims: { int: 0 } });
    }
    case 'batchNorm': {
      // Over features [n], or per channel over images [C, H, W] (ONNX's axis 1 either way).
      const n = layer.inShape.length === 3 ? layer.inShape[0]! : inFeatures;
      return g.node('BatchNormalization', [
        x,
        g.constant(`${at}.gamma`, [n], param('gamma').data),
        g.constant(`${at}.beta`, [n], param('beta').data),
        g.constant(`${at}.runningMean`, [n], param('runningMean').data),
        g.constant(`${at}.runningVar`, [n], param('runningVar').data),
      ], at, { epsilon: { float: config['eps'] as number } });
    }
    case 'relu':
      return g.node('Relu', [x], at);
    case 'tanh':
      return g.node('Tanh', [x], at);
    case 'sigmoid':
      return g.node('Sigmoid', [x], at);
    case 'leakyRelu':
      return g.node('LeakyRelu', [x], at, { alpha: { float: config['alpha'] as number } });
    case 'elu':
      return g.node('Elu', [x], at, { alpha: { float: config['alpha'] as number } });
    case 'gelu':
      return gelu(g, x, at, config['approximate'] as string);
    case 'dropout':
      return x;
    default:
      throw new ConfigError(`model.${index}.type`, `a ${config.type} layer has no ONNX form yet`);
  }
}
