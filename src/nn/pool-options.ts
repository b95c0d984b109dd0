// The options maxPool2d and avgPool2d layers share, checked at construction as ConfigErrors.
import { ConfigError } from '../errors.js';
import type { Pair, PairLike } from '../ops/conv-geometry.js';
import { optionPair, squareOf } from './image-input.js';
import type { LayerEntry } from './module.js';

export interface Pool2dLayerOptions {
  /** Step of the window (default: the kernel size, windows that do not overlap). */
  stride?: PairLike;
  /** Padding on each side, at most half the kernel (default 0). */
  padding?: PairLike;
}

/** A pool's window, resolved and checked. */
export interface PoolWindow {
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly padding: Pair;
}

/** Resolves and checks a pool layer's kernel and options. */
export function poolWindow(kernel: PairLike, options: Pool2dLayerOptions, layer: string): PoolWindow {
  const k = optionPair(kernel, 'size', layer, 1);
  const stride = optionPair(options.stride ?? k, 'stride', layer, 1);
  const padding = optionPair(options.padding ?? 0, 'padding', layer, 0);
  if (padding[0] > k[0] / 2 || padding[1] > k[1] / 2) {
    throw new ConfigError('padding', `${layer}: padding [${padding.join(', ')}] must be at most half the size [${k.join(', ')}]`);
  }
  return { kernel: k, stride, padding };
}

/** The config entry of a pool, or undefined when an option is not square (the config form has one number each). */
export function poolConfig(type: string, w: PoolWindow): readonly LayerEntry[] | undefined {
  const size = squareOf(w.kernel);
  const stride = squareOf(w.stride);
  const padding = squareOf(w.padding);
  if (size === undefined || stride === undefined || padding === undefined) return undefined;
  return [{ type, size, stride, padding }];
}
