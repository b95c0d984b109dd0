// What every layer constructor shares: the dtype and Rng options, and argument checks that throw
// ConfigError with the parameter name, the value and the expectation.
import type { DType } from '../backend/backend.js';
import { defaultDtype, defaultRng } from '../context.js';
import { ConfigError, DTypeError, ShapeError } from '../errors.js';
import type { Rng } from '../tensor/rng.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options every layer accepts. */
export interface LayerOptions {
  /** 'float32' to train (the default unless `withDtype` says otherwise), 'float64' for gradient checks. */
  dtype?: DType;
  /** The generator for initial weights (and, forked, for dropout masks). Default: the context's. */
  rng?: Rng;
}

/** The dtype a layer uses: the option, else the context default (float32). */
export function layerDtype(options: LayerOptions, layer: string): DType {
  const dtype = options.dtype ?? defaultDtype();
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new ConfigError(
      'dtype',
      `${layer}: expected 'float32' or 'float64', got ${JSON.stringify(dtype)}`,
    );
  }
  return dtype;
}

/** The generator a layer draws from: the option, else the context's default generator. */
export const layerRng = (options: LayerOptions): Rng => options.rng ?? defaultRng();

/** Throws ConfigError unless `value` is an integer >= `min`. */
export function checkInt(value: number, name: string, layer: string, min = 1): number {
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(name, `${layer}: expected an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/** Throws ConfigError unless `value` is a finite number. */
export function checkFinite(value: number, name: string, layer: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(name, `${layer}: expected a finite number, got ${String(value)}`);
  }
  return value;
}

/** Throws ShapeError unless `x` is a 2-D batch (N, features); DTypeError unless its dtype is `dtype`. */
export function checkBatch(x: Tensor, features: number, dtype: DType, layer: string): void {
  if (x.rank !== 2 || x.shape[1] !== features) {
    throw new ShapeError(
      `${layer}: expected input of shape (N,${features}), got ${formatShape(x.shape)}`,
    );
  }
  if (x.dtype !== dtype) {
    throw new DTypeError(
      `${layer}: the input is ${x.dtype} but the layer's parameters are ${dtype}; convert with x.to('${dtype}')`,
    );
  }
}
