import { record } from '../autograd/record.js';
import { DTypeError, ShapeError } from '../errors.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty } from './helpers.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { sigmoid } from './sigmoid.js';
import { sub } from './sub.js';

/**
 * Elementwise binary cross-entropy of logits z against targets y, unreduced, as one primitive:
 * -(y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))), computed as max(z, 0) - z y + log1p(e^{-|z|}),
 * which neither overflows nor loses the small tail for large |z|. Gradient: g (sigmoid(z) - y) to z
 * and -g z to y.
 * NOTE: a primitive rather than a composite of relu and abs because their subgradients at 0 are 0,
 * which gives -y instead of 1/2 - y at z = 0, the very point a zero-initialized model starts from.
 * The forward runs in TypeScript on the tensors' buffers (no backend kernel exists for it), so it
 * works on every backend; the backward is built from ops, so it is itself differentiable.
 * @throws ShapeError unless z and y have the same shape; DTypeError unless the same dtype.
 * @example binaryCrossEntropyFromLogits(tensor([0]), tensor([1])).toArray(); //=> [0.6931...] (ln 2)
 */
export function binaryCrossEntropyFromLogits(z: Tensor, y: Tensor): Tensor {
  if (!shapesEqual(z.shape, y.shape)) {
    throw new ShapeError(
      `binaryCrossEntropyFromLogits: logits ${formatShape(z.shape)} and targets ${formatShape(y.shape)} differ in shape`,
    );
  }
  if (z.dtype !== y.dtype) {
    throw new DTypeError(
      `binaryCrossEntropyFromLogits: logits are ${z.dtype} and targets ${y.dtype}; convert one with .to()`,
    );
  }
  const out = empty(z.shape, z);
  const [zs, ys, o] = [z.data, y.data, out.data];
  for (let i = 0; i < o.length; i++) {
    const v = zs[i]!;
    o[i] = Math.max(v, 0) - v * ys[i]! + Math.log1p(Math.exp(-Math.abs(v)));
  }
  return record(out, 'binaryCrossEntropyFromLogits', [z, y], (g) => [
    z.requiresGrad ? mul(g, sub(sigmoid(z), y)) : null,
    y.requiresGrad ? mul(g, neg(z)) : null,
  ]);
}
