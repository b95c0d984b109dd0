// The Schedule type every schedule factory returns, and the time convention they share.

/**
 * A schedule: a pure function of training time `t`, measured in epochs and fractional within an
 * epoch (iteration i of n in epoch e is t = e + i / n), so the value moves every iteration.
 * As `schedule` in a training config the value multiplies the optimizer's base lr; as
 * `momentumSchedule`, `linear` and `constant` give the momentum itself and the other types multiply
 * the optimizer's momentum (see momentum-schedule.ts). fit's `momentumSchedule` option takes the
 * momentum itself. Negative t counts as 0.
 * @example
 * const s: Schedule = step({ every: 20, factor: 0.1 });
 * s(25); //=> 0.1
 */
export type Schedule = (t: number) => number;

/** t clamped at 0 (schedules start at the beginning of training); NaN stays NaN. @example elapsed(-2); //=> 0 */
export const elapsed = (t: number): number => Math.max(t, 0);
