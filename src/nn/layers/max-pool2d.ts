import { maxPool2d as maxPool2dOp } from '../../ops/max-pool2d.js';
import type { PairLike } from '../../ops/conv-geometry.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkImageBatch } from '../image-input.js';
import { type LayerEntry, Module } from '../module.js';
import { type Pool2dLayerOptions, poolConfig, type PoolWindow, poolWindow } from '../pool-options.js';

/**
 * 2-D pooling over NCHW input. Max over each window (the argmax kept for the backward; a tie sends the gradient to the first max in row-major order).
 *
 * Shape: input (N, C, H, W), output (N, C, OH, OW), OH = floor((H + 2 padding - size) / stride) + 1.
 * No parameters.
 * @example new MaxPool2d(2).forward(zeros([1, 3, 28, 28])).shape; //=> [1, 3, 14, 14]
 */
export class MaxPool2d extends Module {
  readonly window: PoolWindow;

  constructor(kernel: PairLike, options: Pool2dLayerOptions = {}) {
    super();
    this.window = poolWindow(kernel, options, 'maxPool2d');
  }

  /** `maxPool2d` with its size, stride and padding; undefined when one of them is not square. */
  override layerConfig(): readonly LayerEntry[] | undefined {
    return poolConfig('maxPool2d', this.window);
  }

  forward(x: Tensor): Tensor {
    checkImageBatch(x, null, null, 'maxPool2d');
    return maxPool2dOp(x, this.window);
  }
}

/** A maxPool2d layer with a `kernel` window (default stride: the kernel). @example maxPool2d(2, { stride: 2 }); */
export const maxPool2d = (kernel: PairLike, options: Pool2dLayerOptions = {}): MaxPool2d => new MaxPool2d(kernel, options);
