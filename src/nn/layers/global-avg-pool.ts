import { mean } from '../../ops/composites/mean.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkImageBatch } from '../image-input.js';
import { type LayerEntry, Module } from '../module.js';

/**
 * The mean of each channel over its whole H x W map (a composite: gradient 1 / (H W) everywhere).
 *
 * Shape: input (N, C, H, W), output (N, C). No parameters.
 * @example new GlobalAvgPool().forward(ones([2, 8, 7, 7])).shape; //=> [2, 8]
 */
export class GlobalAvgPool extends Module {
  override layerConfig(): readonly LayerEntry[] {
    return ['globalAvgPool'];
  }

  forward(x: Tensor): Tensor {
    checkImageBatch(x, null, null, 'globalAvgPool');
    return mean(x, [2, 3]);
  }
}

/** A global average pool. @example sequential(conv2d(1, 8, 3), relu(), globalAvgPool(), linear(8, 10)); */
export const globalAvgPool = (): GlobalAvgPool => new GlobalAvgPool();
