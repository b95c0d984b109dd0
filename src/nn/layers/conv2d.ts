// The 2-D convolution layer over NCHW images, y = conv2d(x, W) + b.
import type { Activation, DType } from '../../backend/backend.js';
import { ConfigError } from '../../errors.js';
import type { Pair, PairLike } from '../../ops/conv-geometry.js';
import { conv2dActivated } from '../../ops/conv2d.js';
import { allocBuf, type Tensor } from '../../tensor/tensor.js';
import { checkImageBatch, optionPair, squareOf } from '../image-input.js';
import { initWeights, type InitName } from '../init.js';
import { checkInt, layerDtype, layerRng, type LayerOptions } from '../layer-options.js';
import { type LayerEntry, Module } from '../module.js';
import { Parameter } from '../parameter.js';

export interface Conv2dLayerOptions extends LayerOptions {
  /** Step of the window, a number or [h, w] (default 1). */
  stride?: PairLike;
  /** Zeros around the input per side, a number or [h, w], or 'same' (output size = input size; stride 1). Default 0. */
  padding?: PairLike | 'same';
  /** Spacing between kernel taps (default 1). */
  dilation?: PairLike;
  /** Add a learnable bias per output channel (default true). */
  bias?: boolean;
  /** Weight initialization (default 'he') with fan-in inChannels kh kw and fan-out outChannels kh kw. */
  init?: InitName;
}

/**
 * 2-D convolution (cross-correlation, as PyTorch's Conv2d) over NCHW input.
 *
 * Shape: input (N, inChannels, H, W), output (N, outChannels, OH, OW) with
 * OH = floor((H + 2 ph - dh (kh - 1) - 1) / sh) + 1 (and OH = H for padding 'same').
 * `weight` is (outChannels, inChannels, kh, kw); `bias` is (outChannels).
 * Init: `init` over fan-in inChannels * kh * kw and fan-out outChannels * kh * kw; bias zeros.
 * @example
 * const layer = new Conv2d(1, 8, 3, { padding: 1, rng: new Rng(0) });
 * layer.forward(zeros([2, 1, 28, 28])).shape; //=> [2, 8, 28, 28]
 */
export class Conv2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly padding: Pair | 'same';
  readonly dilation: Pair;
  readonly dtype: DType;
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  constructor(inChannels: number, outChannels: number, kernel: PairLike, options: Conv2dLayerOptions = {}) {
    super();
    this.inChannels = checkInt(inChannels, 'inChannels', 'conv2d');
    this.outChannels = checkInt(outChannels, 'filters', 'conv2d');
    this.kernel = optionPair(kernel, 'kernel', 'conv2d', 1);
    this.stride = optionPair(options.stride ?? 1, 'stride', 'conv2d', 1);
    this.dilation = optionPair(options.dilation ?? 1, 'dilation', 'conv2d', 1);
    const padding = options.padding ?? 0;
    this.padding = padding === 'same' ? 'same' : optionPair(padding, 'padding', 'conv2d', 0);
    if (this.padding === 'same' && (this.stride[0] !== 1 || this.stride[1] !== 1)) {
      throw new ConfigError('padding', `conv2d: padding 'same' needs stride 1, got stride [${this.stride.join(', ')}]`);
    }
    this.dtype = layerDtype(options, 'conv2d');
    const [kh, kw] = this.kernel;
    const count = outChannels * inChannels * kh * kw;
    const data = initWeights(options.init ?? 'he', inChannels * kh * kw, outChannels * kh * kw, count, {
      rng: layerRng(options),
      dtype: this.dtype,
    });
    this.weight = new Parameter(data, [outChannels, inChannels, kh, kw], 'weight');
    this.bias = (options.bias ?? true) ? new Parameter(allocBuf(this.dtype, outChannels), [outChannels], 'bias') : null;
  }

  /**
   * `conv2d` with its filters, kernel, stride, padding, dilation and bias. NOTE: the config form
   * holds one number per option, so a layer with a non-square kernel, stride, padding or dilation
   * has none (undefined).
   */
  override layerConfig(): readonly LayerEntry[] | undefined {
    const kernel = squareOf(this.kernel);
    const stride = squareOf(this.stride);
    const dilation = squareOf(this.dilation);
    const padding = this.padding === 'same' ? 'same' : squareOf(this.padding);
    if (kernel === undefined || stride === undefined || dilation === undefined || padding === undefined) return undefined;
    return [{ type: 'conv2d', filters: this.outChannels, kernel, stride, padding, dilation, bias: this.bias !== null }];
  }

  forward(x: Tensor): Tensor {
    return this.forwardWith(x, 'none');
  }

  /** act(conv2d(x)) as one primitive, for the activation layer after it (Sequential fuses them). */
  forwardWith(x: Tensor, activation: Activation): Tensor {
    checkImageBatch(x, this.inChannels, this.dtype, 'conv2d');
    return conv2dActivated(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation }, activation);
  }
}

/**
 * A conv2d layer from `inChannels` to `outChannels` with a `kernel` (number or [h, w]) window.
 * @example sequential(conv2d(1, 32, 3, { padding: 1 }), relu(), maxPool2d(2), flatten(), linear(32 * 14 * 14, 10));
 */
export const conv2d = (inChannels: number, outChannels: number, kernel: PairLike, options: Conv2dLayerOptions = {}): Conv2d =>
  new Conv2d(inChannels, outChannels, kernel, options);
