import { avgPool2d as avgPool2dOp } from '../../ops/avg-pool2d.js';
import type { PairLike } from '../../ops/conv-geometry.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkImageBatch } from '../image-input.js';
import { type LayerEntry, Module } from '../module.js';
import { type Pool2dLayerOptions, poolConfig, type PoolWindow, poolWindow } from '../pool-options.js';

/**
 * 2-D pooling over NCHW input. Mean over each window; padding counts as zeros in the divisor kh * kw (PyTorch's count_include_pad).
 *
 * Shape: input (N, C, H, W), output (N, C, OH, OW), OH = floor((H + 2 padding - size) / stride) + 1.
 * No parameters.
 * @example new AvgPool2d(2).forward(zeros([1, 3, 28, 28])).shape; //=> [1, 3, 14, 14]
 */
export class AvgPool2d extends Module {
  readonly window: PoolWindow;

  constructor(kernel: PairLike, options: Pool2dLayerOptions = {}) {
    super();
    this.window = poolWindow(kernel, options, 'avgPool2d');
  }

  /** `avgPool2d` with its size, stride and padding; undefined when one of them is not square. */
  override layerConfig(): readonly LayerEntry[] | undefined {
    return poolConfig('avgPool2d', this.window);
  }

  forward(x: Tensor): Tensor {
    checkImageBatch(x, null, null, 'avgPool2d');
    return avgPool2dOp(x, this.window);
  }
}

/** A avgPool2d layer with a `kernel` window (default stride: the kernel). @example avgPool2d(2, { stride: 2 }); */
export const avgPool2d = (kernel: PairLike, options: Pool2dLayerOptions = {}): AvgPool2d => new AvgPool2d(kernel, options);
