import { flatten as flattenOp } from '../../ops/composites/flatten.js';
import { ShapeError } from '../../errors.js';
import { formatShape } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type LayerEntry, Module } from '../module.js';

/**
 * Keeps the batch axis and flattens the rest in row-major (C, H, W) order, as PyTorch's Flatten.
 *
 * Shape: input (N, ...), output (N, product of the rest). No parameters.
 * @example new Flatten().forward(zeros([2, 8, 7, 7])).shape; //=> [2, 392]
 */
export class Flatten extends Module {
  override layerConfig(): readonly LayerEntry[] {
    return ['flatten'];
  }

  forward(x: Tensor): Tensor {
    if (x.rank < 1) throw new ShapeError(`flatten: expected a batch (N, ...), got ${formatShape(x.shape)}`);
    return flattenOp(x);
  }
}

/** A flatten layer. @example sequential(conv2d(1, 8, 3), flatten(), linear(8 * 26 * 26, 10)); */
export const flatten = (): Flatten => new Flatten();
