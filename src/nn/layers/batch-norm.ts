import type { DType } from '../../backend/backend.js';
import { add } from '../../ops/add.js';
import { batchNormChannels } from '../../ops/batch-norm-channels.js';
import { div } from '../../ops/div.js';
import { mean } from '../../ops/composites/mean.js';
import { mul } from '../../ops/mul.js';
import { reshape } from '../../ops/reshape.js';
import { sqrt } from '../../ops/sqrt.js';
import { sub } from '../../ops/sub.js';
import { ConfigError, ShapeError } from '../../errors.js';
import { allocBuf, type Tensor } from '../../tensor/tensor.js';
import { checkImageBatch } from '../image-input.js';
import { checkBatch, checkInt, layerDtype, type LayerOptions } from '../layer-options.js';
import { type LayerEntry, Module } from '../module.js';
import { Buffer, Parameter } from '../parameter.js';

export interface BatchNormOptions extends Pick<LayerOptions, 'dtype'> {
  /** Added to the variance inside the square root (default 1e-5). */
  eps?: number;
  /** Weight of the newest batch in the running averages (default 0.1, PyTorch's convention). */
  momentum?: number;
}

/**
 * Batch normalization (Ioffe & Szegedy 2015) over a batch of feature vectors, with the ERRATA's
 * corrections: per feature, mu = mean over the batch, var = (1/m) sum (x - mu)^2 (biased),
 * x_hat = (x - mu) / sqrt(var + eps), y = gamma * x_hat + beta.
 *
 * Training mode normalizes with the batch statistics and updates the running averages
 * r = (1 - momentum) r + momentum * batch_stat; the running variance takes the unbiased batch
 * variance (m / (m - 1) var), as PyTorch. Eval mode normalizes with the running averages.
 *
 * Shape: input (N, features), output (N, features); or images (N, C, H, W) with features = C,
 * normalized per channel over N, H and W (m = N H W values per channel; PyTorch's BatchNorm2d).
 * gamma and beta are (features), starting at 1 and 0; runningMean and runningVar are (features)
 * buffers starting at 0 and 1.
 * @example
 * const bn = new BatchNorm(2);
 * bn.forward(tensor([[1, 10], [3, 30]])).toArray(); //=> [[-1, -1], [1, 1]] (to within eps)
 */
export class BatchNorm extends Module {
  readonly features: number;
  readonly eps: number;
  readonly momentum: number;
  readonly dtype: DType;
  readonly gamma: Parameter;
  readonly beta: Parameter;
  readonly runningMean: Buffer;
  readonly runningVar: Buffer;

  constructor(features: number, options: BatchNormOptions = {}) {
    super();
    this.features = checkInt(features, 'features', 'batchNorm');
    const eps = options.eps ?? 1e-5;
    if (typeof eps !== 'number' || !(eps > 0 && Number.isFinite(eps))) {
      throw new ConfigError('eps', `batchNorm: expected a positive number, got ${String(eps)}`);
    }
    const momentum = options.momentum ?? 0.1;
    if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) {
      throw new ConfigError(
        'momentum',
        `batchNorm: expected a number in [0, 1], got ${String(momentum)}`,
      );
    }
    this.eps = eps;
    this.momentum = momentum;
    this.dtype = layerDtype(options, 'batchNorm');
    const filled = (v: number) => allocBuf(this.dtype, features).fill(v);
    this.gamma = new Parameter(filled(1), [features], 'norm');
    this.beta = new Parameter(filled(0), [features], 'norm');
    this.runningMean = new Buffer(filled(0), [features]);
    this.runningVar = new Buffer(filled(1), [features]);
  }

  override layerConfig(): readonly LayerEntry[] {
    return [{ type: 'batchNorm', eps: this.eps, momentum: this.momentum }];
  }

  forward(x: Tensor): Tensor {
    const image = x.rank === 4;
    if (image) checkImageBatch(x, this.features, this.dtype, 'batchNorm');
    else checkBatch(x, this.features, this.dtype, 'batchNorm');
    if (image) return this.forwardImages(x);
    // Per channel over (N, H, W) for images, per feature over N otherwise: the statistics and the
    // per-channel tensors take the shape that broadcasts against x.
    const axes = image ? [0, 2, 3] : [0];
    const perChannel = (t: Tensor): Tensor => (image ? reshape(t, [1, this.features, 1, 1]) : t);
    const gamma = perChannel(this.gamma);
    const beta = perChannel(this.beta);
    if (!this.training) {
      const xHat = div(sub(x, perChannel(this.runningMean)), sqrt(add(perChannel(this.runningVar), this.eps)));
      return add(mul(xHat, gamma), beta);
    }
    const m = x.size / this.features;
    if (m < 2) {
      throw new ShapeError(
        `batchNorm: training mode needs at least 2 ${image ? 'values per channel (N x H x W)' : 'examples'} per batch to estimate a variance, got ${m}`,
      );
    }
    const mu = mean(x, axes, true);
    const centered = sub(x, mu);
    const variance = mean(mul(centered, centered), axes, true);
    this.updateRunning(mu, variance, m);
    const xHat = div(centered, sqrt(add(variance, this.eps)));
    return add(mul(xHat, gamma), beta);
  }

  /** In place, outside the graph: the running statistics are state, not part of the loss. */
  /** Images: per channel over (N, H, W), as one fused op (batchNormChannels). */
  private forwardImages(x: Tensor): Tensor {
    if (!this.training) {
      return batchNormChannels(x, this.gamma, this.beta, this.eps, { mean: this.runningMean.data, variance: this.runningVar.data });
    }
    const m = x.size / this.features;
    if (m < 2) {
      throw new ShapeError(`batchNorm: training mode needs at least 2 values per channel (N x H x W) per batch to estimate a variance, got ${m}`);
    }
    return batchNormChannels(x, this.gamma, this.beta, this.eps, undefined, (s) => this.updateRunningFrom(s.mean, s.variance, m));
  }

  private updateRunning(mu: Tensor, variance: Tensor, m: number): void {
    this.updateRunningFrom(mu.data, variance.data, m);
  }

  private updateRunningFrom(mu: ArrayLike<number>, variance: ArrayLike<number>, m: number): void {
    const k = this.momentum;
    const unbiased = m / (m - 1);
    for (let j = 0; j < this.features; j++) {
      this.runningMean.data[j] = (1 - k) * this.runningMean.data[j]! + k * mu[j]!;
      this.runningVar.data[j] =
        (1 - k) * this.runningVar.data[j]! + k * unbiased * variance[j]!;
    }
  }
}

/**
 * A batch-normalization layer over `features` features.
 * @example sequential(linear(2, 100), batchNorm(100), relu(), linear(100, 3));
 */
export const batchNorm = (features: number, options: BatchNormOptions = {}): BatchNorm =>
  new BatchNorm(features, options);
