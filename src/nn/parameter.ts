// The two kinds of tensor a Module owns: Parameters (optimized, tagged with a role so regularizers and
// max-norm constraints can find the weights) and Buffers (saved with the model but never optimized).
import type { Buf, Shape } from '../backend/backend.js';
import { Tensor, type TensorOptions } from '../tensor/tensor.js';

/**
 * What a parameter is for: `weight` (matrices that regularizers and maxNorm act on), `bias`, or
 * `norm` (batch-norm gamma and beta). Regularization skips `bias` and `norm` unless asked.
 */
export type ParameterRole = 'weight' | 'bias' | 'norm';

/**
 * A trainable tensor of a Module: requiresGrad is on, and `role` says what it is for.
 * @example
 * const w = new Parameter(new Float32Array([1, 2]), [2], 'weight');
 * w.requiresGrad; //=> true
 */
export class Parameter extends Tensor {
  readonly role: ParameterRole;

  constructor(data: Buf, shape: Shape, role: ParameterRole, options: TensorOptions = {}) {
    super(data, shape, { ...options, requiresGrad: true });
    this.role = role;
  }
}

/**
 * A tensor of state that belongs to a Module but is not trained (batch-norm running mean and
 * variance): saved in the state dict, never returned by `parameters()`.
 * @example
 * const running = new Buffer(new Float32Array(3), [3]);
 * running.requiresGrad; //=> false
 */
export class Buffer extends Tensor {
  constructor(data: Buf, shape: Shape, options: TensorOptions = {}) {
    super(data, shape, { ...options, requiresGrad: false });
  }
}
