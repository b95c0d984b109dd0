// The fully connected layer, y = x W + b (the notes' np.dot(X, W) + b).
import type { Activation, DType } from '../../backend/backend.js';
import { ACTIVATIONS } from '../../backend/fused-kernels.js';
import { ConfigError } from '../../errors.js';
import { affine } from '../../ops/affine.js';
import type { Tensor } from '../../tensor/tensor.js';
import { allocBuf } from '../../tensor/tensor.js';
import { initWeights, type InitName } from '../init.js';
import { checkBatch, checkInt, layerDtype, layerRng, type LayerOptions } from '../layer-options.js';
import { type LayerEntry, Module } from '../module.js';
import { Parameter } from '../parameter.js';

export interface LinearOptions extends LayerOptions {
  /** Add a learnable bias (default true). */
  bias?: boolean;
  /** Weight initialization (default 'he'); see InitName. Biases always start at zero. */
  init?: InitName;
  /**
   * An activation fused into the layer (default 'none'): act(x W + b) in one primitive, the activation
   * applied in the matrix product's output pass and its derivative in one kernel with the bias
   * gradient. Same values as the layer followed by a separate activation layer, fewer passes.
   */
  activation?: Activation;
}

/**
 * Fully connected layer: y = x W + b.
 *
 * Shape: input (N, inFeatures), output (N, outFeatures). `weight` is (inFeatures, outFeatures), so
 * a unit's incoming weight vector is a column; `bias` is (outFeatures).
 * Init: `init` over fan-in inFeatures and fan-out outFeatures (default He); bias zeros.
 * @example
 * const layer = new Linear(2, 3, { rng: new Rng(0) });
 * layer.forward(zeros([4, 2])).shape; //=> [4, 3]
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly dtype: DType;
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly activation: Activation;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    this.inFeatures = checkInt(inFeatures, 'inFeatures', 'linear');
    this.outFeatures = checkInt(outFeatures, 'units', 'linear');
    this.dtype = layerDtype(options, 'linear');
    this.activation = options.activation ?? 'none';
    if (!ACTIVATIONS.includes(this.activation)) {
      throw new ConfigError('activation', `linear: unknown activation '${String(this.activation)}' (expected one of ${ACTIVATIONS.join(', ')})`);
    }
    const data = initWeights(
      options.init ?? 'he',
      inFeatures,
      outFeatures,
      inFeatures * outFeatures,
      {
        rng: layerRng(options),
        dtype: this.dtype,
      },
    );
    this.weight = new Parameter(data, [inFeatures, outFeatures], 'weight');
    this.bias =
      (options.bias ?? true)
        ? new Parameter(allocBuf(this.dtype, outFeatures), [outFeatures], 'bias')
        : null;
  }

  /** `linear` with its units and bias, and the fused activation as the layer after it. */
  override layerConfig(): readonly LayerEntry[] {
    const own: LayerEntry = { type: 'linear', units: this.outFeatures, bias: this.bias !== null };
    return this.activation === 'none' ? [own] : [own, this.activation];
  }

  forward(x: Tensor): Tensor {
    checkBatch(x, this.inFeatures, this.dtype, 'linear');
    // One primitive: the bias is added in the matrix product's output pass, and its gradient is one
    // column-sum kernel instead of a broadcast add and sum-to (issue 8).
    return affine(x, this.weight, this.bias, this.activation);
  }

  /** act(x W + b) as one primitive for a layer without its own activation (Sequential fuses with it). */
  forwardWith(x: Tensor, activation: Activation): Tensor {
    checkBatch(x, this.inFeatures, this.dtype, 'linear');
    return affine(x, this.weight, this.bias, activation);
  }
}

/**
 * A fully connected layer from `inFeatures` to `units` outputs.
 * @example linear(2, 100, { init: 'small', rng: new Rng(1) }).parameterCount(); //=> 300
 */
export const linear = (inFeatures: number, units: number, options: LinearOptions = {}): Linear =>
  new Linear(inFeatures, units, options);
