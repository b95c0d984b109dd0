// The shape arithmetic shared by conv2d and the 2-D pools (NCHW): resolving number | [h, w] | 'same'
// options to per-axis integers, and the output size floor((in + pads - dilation (k - 1) - 1) / stride) + 1.
import type { Window2d } from '../backend/backend.js';
import { ShapeError } from '../errors.js';

/** One value per spatial axis: [height, width]. */
export type Pair = readonly [number, number];

/** A number for both axes, or [h, w]. */
export type PairLike = number | Pair;

/** Padding: per axis, or 'same' (stride 1 only; the extra pad of an even window goes bottom/right, as PyTorch). */
export type PaddingLike = PairLike | 'same';

/** Everything a 2-D window op needs, resolved: sizes, window, pads before (top/left) and output size.
 *  The padding total may exceed twice the pad before by one ('same' with an even window). */
export type Geometry2d = Window2d;

/** [v, v] for a number, the pair itself otherwise; checks integers >= min. */
export function toPair(value: PairLike, name: string, op: string, min: number): Pair {
  const pair: Pair = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => Number.isInteger(v) && v >= min)) {
    throw new ShapeError(`${op}: ${name} must be an integer >= ${min} or [h, w] of such, got ${JSON.stringify(value)}`);
  }
  return pair;
}

/** The pads before and the total pad on each axis. */
export interface Pads {
  readonly before: Pair;
  readonly total: Pair;
}

/**
 * Resolves padding: [p, p] pads p on both sides; 'same' pads dilation (k - 1) in total so that the
 * output has the input's size, floor of half before and the rest after (PyTorch's rule).
 */
export function resolvePadding(padding: PaddingLike, kernel: Pair, dilation: Pair, stride: Pair, op: string): Pads {
  if (padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) {
      throw new ShapeError(`${op}: padding 'same' needs stride 1, got stride [${stride.join(', ')}]`);
    }
    const total: Pair = [dilation[0] * (kernel[0] - 1), dilation[1] * (kernel[1] - 1)];
    return { before: [Math.floor(total[0] / 2), Math.floor(total[1] / 2)], total };
  }
  const p = toPair(padding, 'padding', op, 0);
  return { before: p, total: [2 * p[0], 2 * p[1]] };
}

/** floor((size + pad - dilation (kernel - 1) - 1) / stride) + 1; < 1 when the window does not fit. */
export function outputSize(size: number, kernel: number, stride: number, pad: number, dilation: number): number {
  return Math.floor((size + pad - dilation * (kernel - 1) - 1) / stride) + 1;
}

/** Options of a window op, already resolved to pairs. */
export interface WindowOptions {
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly pads: Pads;
  readonly dilation: Pair;
}

/**
 * The geometry of a window op over an (N, C, H, W) input.
 * @throws ShapeError when the dilated window is larger than the padded input (an output size < 1).
 */
export function geometry2d(shape: readonly number[], o: WindowOptions, op: string): Geometry2d {
  const [n, c, h, w] = shape as [number, number, number, number];
  const oh = outputSize(h, o.kernel[0], o.stride[0], o.pads.total[0], o.dilation[0]);
  const ow = outputSize(w, o.kernel[1], o.stride[1], o.pads.total[1], o.dilation[1]);
  if (oh < 1 || ow < 1) {
    const span = (i: 0 | 1) => o.dilation[i] * (o.kernel[i] - 1) + 1;
    throw new ShapeError(
      `${op}: a ${span(0)}x${span(1)} window (kernel ${o.kernel.join('x')}, dilation ${o.dilation.join('x')}) ` +
        `does not fit the ${h + o.pads.total[0]}x${w + o.pads.total[1]} padded input (input ${h}x${w}, padding ${o.pads.total.join('x')} in total)`,
    );
  }
  return {
    n, c, h, w, kh: o.kernel[0], kw: o.kernel[1], sh: o.stride[0], sw: o.stride[1],
    ph: o.pads.before[0], pw: o.pads.before[1], dh: o.dilation[0], dw: o.dilation[1], oh, ow,
  };
}

/** Options of maxPool2d and avgPool2d. */
export interface Pool2dOptions {
  /** Window size, a number or [h, w]. */
  kernel: PairLike;
  /** Step of the window (default: the kernel, non-overlapping windows). */
  stride?: PairLike;
  /** Padding on each side, at most half the kernel (default 0). */
  padding?: PairLike;
}

/**
 * The geometry of a pool over an (N, C, H, W) input.
 * @throws ShapeError for a non-4-D input, bad options, padding over half the kernel (a window could
 * then hold only padding), or a window larger than the padded input.
 */
export function poolGeometry(shape: readonly number[], o: Pool2dOptions, op: string): Geometry2d {
  if (shape.length !== 4) throw new ShapeError(`${op}: expects input (N, C, H, W), got (${shape.join(',')})`);
  const kernel = toPair(o.kernel, 'kernel', op, 1);
  const stride = toPair(o.stride ?? kernel, 'stride', op, 1);
  const padding = toPair(o.padding ?? 0, 'padding', op, 0);
  if (padding[0] > kernel[0] / 2 || padding[1] > kernel[1] / 2) {
    throw new ShapeError(`${op}: padding [${padding.join(', ')}] must be at most half the kernel [${kernel.join(', ')}]`);
  }
  const pads: Pads = { before: padding, total: [2 * padding[0], 2 * padding[1]] };
  return geometry2d(shape, { kernel, stride, pads, dilation: [1, 1] }, op);
}
