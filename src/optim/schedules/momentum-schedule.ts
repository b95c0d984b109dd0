// A config's `momentumSchedule` -> the momentum over time. The schedule types serve both `schedule`
// and `momentumSchedule`, but most of them are multipliers that start at 1 (step, exponential,
// inverseTime, cosine): used as the momentum itself they would set momentum 1 at t = 0, which no
// optimizer accepts. So the shape decides: `linear` and `constant` give the momentum itself,
// multiplier-shaped types multiply the optimizer's configured momentum (beta1 for adam), and
// `warmup` follows the schedule it ramps into.
import { ConfigError } from '../../errors.js';
import { momentumScheduleFromConfig } from '../from-config.js';
import type { Schedule } from './schedule.js';

/** How a momentumSchedule's values become momentum: as they are, or times the optimizer's momentum. */
export type MomentumScale = 'absolute' | 'multiplier';

/** The schedule types whose values are the momentum itself. */
export const ABSOLUTE_MOMENTUM_TYPES: readonly string[] = ['constant', 'linear'];

/** Options of `momentumScheduleFor`. */
export interface MomentumScheduleOptions {
  /** The optimizer's configured momentum (beta1 for adam): what multiplier-shaped schedules scale. */
  readonly momentum: number;
  /** The run's length in epochs: the momentum is checked over t in [0, epochs). */
  readonly epochs: number;
}

type Node = { readonly type?: unknown; readonly [key: string]: unknown };

const asNode = (config: unknown): Node =>
  typeof config === 'string' ? { type: config } : ((config ?? {}) as Node);

/** The innermost schedule of a warmup chain, with its config path. */
function leafOf(config: unknown, path: string): { node: Node; path: string } {
  let node = asNode(config);
  let at = path;
  while (node.type === 'warmup' && node['then'] !== undefined) {
    node = asNode(node['then']);
    at = `${at}.then`;
  }
  return { node, path: at };
}

/**
 * 'absolute' for `constant` and `linear` (their values are the momentum), 'multiplier' for the
 * other types (they scale the optimizer's momentum). A `warmup` follows its `then`; one without a
 * `then` ramps from 0 up to the optimizer's momentum, so it is a multiplier.
 * @example momentumScale({ type: 'warmup', epochs: 2, then: { type: 'linear', start: 0.5, end: 0.9, epochs: 5 } }); //=> 'absolute'
 */
export function momentumScale(config: unknown): MomentumScale {
  const { node } = leafOf(config, '');
  return typeof node.type === 'string' && ABSOLUTE_MOMENTUM_TYPES.includes(node.type)
    ? 'absolute'
    : 'multiplier';
}

/** Times where a schedule's value may change direction: its ends and the ends of each piece. */
function breakpoints(config: unknown, epochs: number): number[] {
  const points = [0];
  let offset = 0;
  let node = asNode(config);
  for (;;) {
    const num = (key: string): number | undefined =>
      typeof node[key] === 'number' ? (node[key] as number) : undefined;
    if (node.type === 'warmup') {
      offset += num('epochs') ?? 0;
      points.push(offset);
      if (node['then'] === undefined) break;
      node = asNode(node['then']);
      continue;
    }
    const end =
      node.type === 'linear' ? num('epochs') : node.type === 'cosine' ? num('T') : undefined;
    if (end !== undefined) points.push(offset + end);
    break;
  }
  return points.filter((t) => t < epochs);
}

/** Sample times in [0, epochs): both sides of each breakpoint, the last instant and a grid. */
function sampleTimes(config: unknown, epochs: number): number[] {
  const before = (t: number): number => t - 1e-9 * Math.max(1, t);
  const times = breakpoints(config, epochs).flatMap((t) => (t > 0 ? [before(t), t] : [t]));
  times.push(before(epochs));
  // Every schedule is monotone between breakpoints, so the points above find its extremes; the
  // grid is a second line of defence, capped so that a run of a million epochs stays cheap.
  const stride = Math.max(1, Math.ceil(epochs / 1000));
  for (let t = 0; t < epochs; t += stride) times.push(t);
  // In time order, so an error names the first time the momentum leaves the range.
  return times.sort((a, b) => a - b);
}

const show = (t: number): string => String(Number(t.toFixed(3)));
const showValue = (v: number): string => String(Number(v.toPrecision(6)));

/** The field to blame for an absolute schedule out of [0, 1): the value, start or end. */
function absoluteField(node: Node, path: string): string {
  const bad = (v: unknown) => typeof v === 'number' && !(v >= 0 && v < 1);
  if (node.type === 'constant') return `${path}.value`;
  if (node.type === 'linear') return bad(node['start']) ? `${path}.start` : `${path}.end`;
  return path;
}

/**
 * Builds the momentum schedule of a training config (the same types as `schedule`):
 * `linear` and `constant` give the momentum itself; `step`, `exponential`, `inverseTime` and
 * `cosine` multiply the optimizer's configured momentum, so `{"type": "step", "every": 10,
 * "factor": 0.5}` with sgd momentum 0.9 gives 0.9, then 0.45 from epoch 10; `warmup` ramps from 0
 * to the start of its `then` (the optimizer's momentum when it has none).
 * @param path where the config sits, for messages. Default 'momentumSchedule'.
 * @throws ConfigError at the field at fault for a bad schedule (as momentumScheduleFromConfig), a
 * multiplier when the optimizer's momentum is 0, or a momentum outside [0, 1) at some t in
 * [0, epochs).
 * @example
 * const m = momentumScheduleFor({ type: 'cosine', T: 10 }, { momentum: 0.9, epochs: 10 });
 * m(5); //=> 0.45
 */
export function momentumScheduleFor(
  config: unknown,
  options: MomentumScheduleOptions,
  path = 'momentumSchedule',
): Schedule {
  const schedule = momentumScheduleFromConfig(config, path);
  const scale = momentumScale(config);
  const base = options.momentum;
  const leaf = leafOf(config, path);
  const type = String(leaf.node.type ?? 'warmup');
  if (scale === 'multiplier' && base === 0) {
    throw new ConfigError(
      path,
      `${type} multiplies the optimizer's momentum, which is 0: set the optimizer's momentum ` +
        `(e.g. "momentum": 0.9 for sgd), or give the momentum itself with a linear or constant schedule`,
    );
  }
  const momentum: Schedule = scale === 'absolute' ? schedule : (t) => base * schedule(t);
  for (const t of sampleTimes(config, options.epochs)) {
    const value = momentum(t);
    if (value >= 0 && value < 1) continue;
    const how =
      scale === 'absolute'
        ? `gives momentum ${showValue(value)}`
        : `${type} multiplies the optimizer's momentum ${base} to ${showValue(value)}`;
    throw new ConfigError(
      scale === 'absolute' ? absoluteField(leaf.node, leaf.path) : path,
      `${how} at t = ${show(t)} (epochs); the momentum (beta1 for adam) must stay in [0, 1) during the run`,
    );
  }
  return momentum;
}
