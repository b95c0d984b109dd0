import { allocBuf, Tensor } from '../../tensor/tensor.js';
import { mul } from '../../ops/mul.js';
import { ConfigError } from '../../errors.js';
import type { Rng } from '../../tensor/rng.js';
import { layerRng, type LayerOptions } from '../layer-options.js';
import { type LayerEntry, Module } from '../module.js';

/**
 * Inverted dropout. In training mode each value is zeroed with probability `rate` and the kept ones
 * are scaled by 1 / (1 - rate), so the expected activation is unchanged and eval mode is the
 * identity (the notes' recommended form).
 * NOTE: `rate` is the probability of *dropping* (as PyTorch and Keras); the notes' `p` is the
 * probability of keeping, p = 1 - rate.
 *
 * Masks come from the layer's own generator, forked at construction from the `rng` option, so
 * drawing masks does not shift the weight initialization; save it with `Module.rngStates()`.
 *
 * Shape: any; the output has the input's shape.
 * @example
 * const d = new Dropout(0.5, { rng: new Rng(0) });
 * d.eval().forward(tensor([[1, 2]])).toArray(); //=> [[1, 2]]
 */
export class Dropout extends Module {
  readonly rate: number;
  /** Draws the masks; replaced by `loadRngStates`. */
  rng: Rng;

  constructor(rate = 0.5, options: Pick<LayerOptions, 'rng'> = {}) {
    super();
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
      throw new ConfigError(
        'rate',
        `dropout: expected a drop probability in [0, 1), got ${String(rate)}`,
      );
    }
    this.rate = rate;
    this.rng = layerRng(options).fork();
  }

  override layerConfig(): readonly LayerEntry[] {
    return [{ type: 'dropout', rate: this.rate }];
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.rate === 0) return x;
    const keep = 1 - this.rate;
    const scale = 1 / keep;
    const mask = allocBuf(x.dtype, x.size);
    for (let i = 0; i < mask.length; i++) mask[i] = this.rng.uniform() < keep ? scale : 0;
    return mul(x, new Tensor(mask, x.shape, { backend: x.backend }));
  }
}

/**
 * An inverted-dropout layer that drops with probability `rate`.
 * @example sequential(linear(2, 100), relu(), dropout(0.5), linear(100, 3));
 */
export const dropout = (rate = 0.5, options: Pick<LayerOptions, 'rng'> = {}): Dropout =>
  new Dropout(rate, options);
