// What the image layers share: option pairs checked as ConfigErrors (number or [h, w]), and the
// check that a forward input is an (N, C, H, W) batch of the layer's dtype.
import type { DType } from '../backend/backend.js';
import { ConfigError, DTypeError, ShapeError } from '../errors.js';
import type { Pair, PairLike } from '../ops/conv-geometry.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** [v, v] for a number, the pair for [h, w]; ConfigError naming `name` unless integers >= min. */
export function optionPair(value: PairLike, name: string, layer: string, min: number): Pair {
  const pair = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => Number.isInteger(v) && v >= min)) {
    throw new ConfigError(name, `${layer}: expected an integer >= ${min} or [h, w] of such, got ${JSON.stringify(value)}`);
  }
  return [pair[0]!, pair[1]!];
}

/** The config form of a pair: a number when square, undefined when it has no config form. */
export const squareOf = (p: Pair): number | undefined => (p[0] === p[1] ? p[0] : undefined);

/** Throws ShapeError unless `x` is (N, C, H, W) with C = channels (when given); DTypeError unless of `dtype`. */
export function checkImageBatch(x: Tensor, channels: number | null, dtype: DType | null, layer: string): void {
  if (x.rank !== 4 || (channels !== null && x.shape[1] !== channels)) {
    const c = channels === null ? 'C' : String(channels);
    throw new ShapeError(`${layer}: expected input of shape (N,${c},H,W), got ${formatShape(x.shape)}`);
  }
  if (dtype !== null && x.dtype !== dtype) {
    throw new DTypeError(
      `${layer}: the input is ${x.dtype} but the layer's parameters are ${dtype}; convert with x.to('${dtype}')`,
    );
  }
}
