// The maxout layer (Goodfellow et al. 2013; the notes' max(w1^T x + b1, w2^T x + b2)).
import type { DType } from '../../backend/backend.js';
import { add } from '../../ops/add.js';
import { matmul } from '../../ops/matmul.js';
import { max } from '../../ops/max.js';
import { reshape } from '../../ops/reshape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { allocBuf } from '../../tensor/tensor.js';
import { initWeights, type InitName } from '../init.js';
import { checkBatch, checkInt, layerDtype, layerRng, type LayerOptions } from '../layer-options.js';
import { type LayerEntry, Module } from '../module.js';
import { Parameter } from '../parameter.js';

export interface MaxoutOptions extends LayerOptions {
  /** Initialization of each piece's weights (default 'he'); biases start at zero. */
  init?: InitName;
}

/**
 * Maxout: `units` outputs, each the max over `pieces` linear functions of the input with their own
 * weights, y_u = max_k (x W_{u,k} + b_{u,k}). With pieces = 2 it has twice a linear layer's
 * parameters, and it cannot "die" the way a relu unit can.
 *
 * Shape: input (N, inFeatures), output (N, units). `weight` is (inFeatures, units * pieces) with
 * column u * pieces + k holding piece k of unit u; `bias` is (units * pieces).
 * Init: every piece as a linear layer with fan-in inFeatures and fan-out units.
 * NOTE: when pieces tie, the gradient is split evenly between them (the `max` op's convention).
 * @example
 * const layer = new Maxout(4, 3, 2, { rng: new Rng(0) });
 * layer.forward(zeros([5, 4])).shape; //=> [5, 3]
 */
export class Maxout extends Module {
  readonly inFeatures: number;
  readonly units: number;
  readonly pieces: number;
  readonly dtype: DType;
  readonly weight: Parameter;
  readonly bias: Parameter;

  constructor(inFeatures: number, units: number, pieces = 2, options: MaxoutOptions = {}) {
    super();
    this.inFeatures = checkInt(inFeatures, 'inFeatures', 'maxout');
    this.units = checkInt(units, 'units', 'maxout');
    this.pieces = checkInt(pieces, 'pieces', 'maxout', 2);
    this.dtype = layerDtype(options, 'maxout');
    const cols = units * pieces;
    const data = initWeights(options.init ?? 'he', inFeatures, units, inFeatures * cols, {
      rng: layerRng(options),
      dtype: this.dtype,
    });
    this.weight = new Parameter(data, [inFeatures, cols], 'weight');
    this.bias = new Parameter(allocBuf(this.dtype, cols), [cols], 'bias');
  }

  override layerConfig(): readonly LayerEntry[] {
    return [{ type: 'maxout', units: this.units, pieces: this.pieces }];
  }

  forward(x: Tensor): Tensor {
    checkBatch(x, this.inFeatures, this.dtype, 'maxout');
    const z = add(matmul(x, this.weight), this.bias);
    return max(reshape(z, [x.shape[0]!, this.units, this.pieces]), 2);
  }
}

/**
 * A maxout layer of `units` outputs over `pieces` linear pieces each.
 * @example maxout(2, 32, 2, { rng: new Rng(0) }).parameterCount(); //=> 192
 */
export const maxout = (
  inFeatures: number,
  units: number,
  pieces = 2,
  options: MaxoutOptions = {},
): Maxout => new Maxout(inFeatures, units, pieces, options);
