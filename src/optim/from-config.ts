// Optimizers and schedules from their JSON config form, e.g. {"type":"sgd","lr":0.1,"momentum":0.9}
// or {"type":"step","every":20,"factor":0.1}. Validated by hand (the core has no runtime deps): the
// factories check every option, and errors carry the config path, e.g. `optimizer.momentum`.
import { ConfigError } from '../errors.js';
import { adagrad, adam, adamw, rmsprop, sgd } from './aliases.js';
import { LBFGS } from './lbfgs.js';
import { checkLbfgsOptions, LBFGS_OPTIONS } from './lbfgs-options.js';
import { Optimizer, type OptimizerOptions, type ParameterOptimizer } from './optimizer.js';
import type { ParamsInput } from './params.js';
import { constant } from './schedules/constant.js';
import { cosine } from './schedules/cosine.js';
import { exponential } from './schedules/exponential.js';
import { inverseTime } from './schedules/inverse-time.js';
import { linear } from './schedules/linear.js';
import { ReduceOnPlateau } from './schedules/reduce-on-plateau.js';
import type { Schedule } from './schedules/schedule.js';
import { step } from './schedules/step.js';
import { warmup } from './schedules/warmup.js';
import type { GradientTransform } from './transform.js';
import { closestName } from '../suggest.js';
import { checkOptionNames, showValue, withPath } from './validate.js';

/** The optimizer types a config may name. */
export const OPTIMIZER_TYPES = ['sgd', 'adam', 'adamw', 'adagrad', 'rmsprop', 'lbfgs'] as const;
/** One of OPTIMIZER_TYPES. */
export type OptimizerType = (typeof OPTIMIZER_TYPES)[number];

/** The schedule types a config may name (`schedule` and `momentumSchedule`). */
export const SCHEDULE_TYPES = [
  'constant',
  'step',
  'exponential',
  'inverseTime',
  'cosine',
  'linear',
  'warmup',
  'reduceOnPlateau',
] as const;
/** One of SCHEDULE_TYPES. */
export type ScheduleType = (typeof SCHEDULE_TYPES)[number];

type Options = { [key: string]: unknown };

// The factories check their options at run time, so JSON values can go in untyped.
const ALIASES: Record<Exclude<OptimizerType, 'lbfgs'>, (options: never) => GradientTransform> = {
  sgd,
  adam,
  adamw,
  adagrad,
  rmsprop,
};
const PURE_SCHEDULES: Record<
  Exclude<ScheduleType, 'warmup' | 'reduceOnPlateau'>,
  (options: never) => Schedule
> = {
  constant,
  step,
  exponential,
  inverseTime,
  cosine,
  linear,
};

/** A validated optimizer config, ready to build over a parameter list. */
export interface OptimizerSpec {
  readonly type: OptimizerType;
  /** The options as written in the config (without `type`); defaults are the factory's. */
  readonly options: Readonly<Options>;
  /** True for lbfgs: its `step` needs a closure that recomputes the loss. */
  readonly needsClosure: boolean;
  /** Builds the optimizer over these parameters. */
  create(params: ParamsInput, options?: OptimizerOptions): ParameterOptimizer;
}

function splitType<T extends string>(
  config: unknown,
  path: string,
  kind: string,
  types: readonly T[],
): { type: T; options: Options } {
  const list = types.map((t) => `'${t}'`).join(', ');
  if (typeof config === 'string') config = { type: config };
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigError(
      path,
      `expected a ${kind} name or an object with a "type" field, got ${showValue(config)}`,
    );
  }
  const { type, ...options } = config as Options;
  if (type === undefined)
    throw new ConfigError(`${path}.type`, `missing (expected one of ${list})`);
  if (typeof type !== 'string' || !(types as readonly string[]).includes(type)) {
    const near = typeof type === 'string' ? closestName(type, types) : undefined;
    const hint = near === undefined ? '' : ` (did you mean '${near}'?)`;
    throw new ConfigError(
      `${path}.type`,
      `unknown ${kind} ${showValue(type)}${hint}; expected one of ${list}`,
    );
  }
  return { type: type as T, options };
}

/**
 * Validates an optimizer config (an object with `type`, or just the type's name) and returns a
 * spec that builds the optimizer once the parameters exist.
 * @param path where the config sits, for error messages. Default 'optimizer'.
 * @throws ConfigError with the field's path, e.g. `optimizer.beta1`, for an unknown type or
 * option (suggesting the closest name) or a bad value.
 * @example
 * const spec = optimizerFromConfig({ type: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true });
 * const opt = spec.create(model.parameters());
 */
export function optimizerFromConfig(config: unknown, path = 'optimizer'): OptimizerSpec {
  const { type, options } = splitType(config, path, 'optimizer', OPTIMIZER_TYPES);
  if (type === 'lbfgs') {
    withPath(path, () => {
      // trackUpdateNorms is an option of the object, not of the algorithm: not a config field.
      checkOptionNames(options, 'lbfgs', LBFGS_OPTIONS);
      checkLbfgsOptions(options);
    });
    return {
      type,
      options,
      needsClosure: true,
      create: (params, extra = {}) => new LBFGS(params, { ...options, ...extra }),
    };
  }
  const alias = ALIASES[type];
  withPath(path, () => alias(options as never));
  return {
    type,
    options,
    needsClosure: false,
    create: (params, extra = {}) => new Optimizer(params, alias(options as never), extra),
  };
}

/**
 * Builds a schedule from its config (an object with `type`, or just the type's name). Pure
 * schedules come back as functions of t in epochs; `reduceOnPlateau` as its callback object.
 * @param path where the config sits, for error messages. Default 'schedule'.
 * @throws ConfigError with the field's path for an unknown type or option or a bad value, and for
 * reduceOnPlateau inside warmup (it reads a metric, so it can only be the outermost schedule).
 * @example
 * scheduleFromConfig({ type: 'warmup', epochs: 5, then: { type: 'cosine', T: 95 } })(2.5); //=> 0.5
 */
export function scheduleFromConfig(config: unknown, path = 'schedule'): Schedule | ReduceOnPlateau {
  const { type, options } = splitType(config, path, 'schedule', SCHEDULE_TYPES);
  if (type === 'reduceOnPlateau')
    return withPath(path, () => new ReduceOnPlateau(options as never));
  if (type === 'warmup') {
    const { then, ...rest } = options;
    const inner = then === undefined ? undefined : scheduleFromConfig(then, `${path}.then`);
    if (inner instanceof ReduceOnPlateau) {
      throw new ConfigError(
        `${path}.then`,
        'reduceOnPlateau reads a metric, so it can only be the outermost schedule',
      );
    }
    return withPath(path, () =>
      warmup({ ...rest, ...(inner === undefined ? {} : { then: inner }) } as never),
    );
  }
  const factory = PURE_SCHEDULES[type];
  return withPath(path, () => factory(options as never));
}

/**
 * Builds a momentum schedule: the same types as `scheduleFromConfig`, whose values are the
 * momentum itself (e.g. {"type":"linear","start":0.5,"end":0.99,"epochs":20}).
 * @throws ConfigError as scheduleFromConfig, and for reduceOnPlateau (it only drives the lr).
 * @example momentumScheduleFromConfig({ type: 'linear', start: 0.5, end: 0.99, epochs: 20 })(20); //=> 0.99
 */
export function momentumScheduleFromConfig(config: unknown, path = 'momentumSchedule'): Schedule {
  const schedule = scheduleFromConfig(config, path);
  if (schedule instanceof ReduceOnPlateau) {
    throw new ConfigError(
      `${path}.type`,
      'reduceOnPlateau drives the learning rate only; use a schedule of t for momentum',
    );
  }
  return schedule;
}
