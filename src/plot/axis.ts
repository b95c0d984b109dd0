// One chart axis: its extent, tick values and the map from data values to pixels (linear or log10).
import { logTicks, niceTicks } from './ticks.js';

/** The plot area of a chart, in pixels (y grows downwards). */
export interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** A resolved axis: data extent, ticks inside it, and whether it maps through log10. */
export interface Axis {
  readonly log: boolean;
  readonly min: number;
  readonly max: number;
  readonly ticks: readonly number[];
}

/**
 * The axis for the finite values in [min, max] (non-positive ones already dropped on a log axis).
 * With `nice`, the extent grows to the outer ticks; without, ticks outside the data are dropped.
 * An empty range gets a default extent, a single value a small one around it.
 * @example makeAxis(0.03, 0.97, { log: false, nice: true, count: 5 }).ticks; //=> [0, 0.2, …, 1]
 */
export function makeAxis(
  min: number, max: number, options: { log: boolean; nice: boolean; count: number },
): Axis {
  const { log, nice, count } = options;
  if (!(min <= max)) [min, max] = log ? [1, 10] : [0, 1];
  if (min === max) {
    if (log) [min, max] = [min / 2, max * 2];
    else if (min === 0) [min, max] = [-1, 1];
    else [min, max] = [min - Math.abs(min) / 2, max + Math.abs(max) / 2];
  }
  const ticks = log ? logTicks(min, max, count) : niceTicks(min, max, count);
  if (nice && ticks.length >= 2) return { log, min: ticks[0]!, max: ticks[ticks.length - 1]!, ticks };
  const slack = (max - min) * 1e-9;
  return { log, min, max, ticks: ticks.filter((t) => t >= min - slack && t <= max + slack) };
}

/**
 * Where `value` falls between pixel `from` (at axis.min) and `to` (at axis.max).
 * @example project({ log: true, min: 1, max: 100, ticks: [] }, 10, 0, 200); //=> 100
 */
export function project(axis: Axis, value: number, from: number, to: number): number {
  const f = axis.log
    ? (Math.log10(value) - Math.log10(axis.min)) / (Math.log10(axis.max) - Math.log10(axis.min))
    : (value - axis.min) / (axis.max - axis.min);
  return from + f * (to - from);
}
