// Search-space distributions as plain, JSON-serializable records, their factories, their
// validation, and the "internal" coordinate samplers work in (log space for log dimensions).
import { ConfigError } from '../errors.js';
import { describeJson, isPlainObject, jsonEqual, type JsonValue } from './json.js';
import { parsePath } from './path.js';

/** A float uniform in [low, high]. */
export interface UniformDist {
  readonly type: 'uniform';
  readonly low: number;
  readonly high: number;
}
/** A float whose logarithm is uniform in [log low, log high] (learning rates, regularization strengths). */
export interface LogUniformDist {
  readonly type: 'logUniform';
  readonly low: number;
  readonly high: number;
}
/** An integer in [low, high], uniform or (with `log`) log-uniform. */
export interface IntDist {
  readonly type: 'int';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
}
/** One of a list of JSON values. */
export interface ChoiceDist {
  readonly type: 'choice';
  readonly choices: readonly JsonValue[];
}
/** A value held fixed for every trial. */
export interface FixedDist {
  readonly type: 'fixed';
  readonly value: JsonValue;
}

/** One dimension of a search space. */
export type Distribution = UniformDist | LogUniformDist | IntDist | ChoiceDist | FixedDist;
/** The numeric dimensions (those with a range). */
export type NumericDist = UniformDist | LogUniformDist | IntDist;
/** A search space: config field path -> distribution. */
export type SearchSpace = Readonly<Record<string, Distribution>>;
/** One trial's parameters: config field path -> value. */
export type Params = Record<string, JsonValue>;

/**
 * A float uniform in [low, high].
 * @example uniform(0, 0.5); //=> { type: 'uniform', low: 0, high: 0.5 }
 */
export function uniform(low: number, high: number): UniformDist {
  return checkDistribution({ type: 'uniform', low, high }, 'uniform') as UniformDist;
}

/**
 * A float uniform on a log scale in [low, high] (low > 0).
 * @example logUniform(1e-4, 1); //=> { type: 'logUniform', low: 0.0001, high: 1 }
 */
export function logUniform(low: number, high: number): LogUniformDist {
  return checkDistribution({ type: 'logUniform', low, high }, 'logUniform') as LogUniformDist;
}

/**
 * An integer in [low, high]; with `log`, uniform on a log scale (low >= 1).
 * @example int(16, 256, { log: true }); //=> { type: 'int', low: 16, high: 256, log: true }
 */
export function int(low: number, high: number, options: { log?: boolean } = {}): IntDist {
  return checkDistribution({ type: 'int', low, high, log: options.log ?? false }, 'int') as IntDist;
}

/**
 * One of the listed values, each equally likely a priori.
 * @example choice([16, 32, 64]); //=> { type: 'choice', choices: [16, 32, 64] }
 */
export function choice(choices: readonly JsonValue[]): ChoiceDist {
  return checkDistribution({ type: 'choice', choices: [...choices] }, 'choice') as ChoiceDist;
}

/**
 * A value held fixed (e.g. a seed), recorded in every trial's params.
 * @example fixed(3); //=> { type: 'fixed', value: 3 }
 */
export function fixed(value: JsonValue): FixedDist {
  return { type: 'fixed', value };
}

/** True for uniform, logUniform and int dimensions. */
export function isNumeric(d: Distribution): d is NumericDist {
  return d.type === 'uniform' || d.type === 'logUniform' || d.type === 'int';
}

/** True when the dimension is searched on a log scale. */
export function isLog(d: NumericDist): boolean {
  return d.type === 'logUniform' || (d.type === 'int' && d.log);
}

/**
 * The internal coordinate of a value: its log for log dimensions, itself otherwise.
 * @example toInternal(logUniform(1e-4, 1), 0.01); //=> Math.log(0.01)
 */
export function toInternal(d: NumericDist, value: number): number {
  return isLog(d) ? Math.log(value) : value;
}

/**
 * The value at an internal coordinate: exp for log dimensions, rounded and clipped for ints.
 * @example fromInternal(int(1, 10), 3.6); //=> 4
 */
export function fromInternal(d: NumericDist, x: number): number {
  const v = isLog(d) ? Math.exp(x) : x;
  const clipped = Math.min(d.high, Math.max(d.low, v));
  return d.type === 'int' ? Math.min(d.high, Math.max(d.low, Math.round(clipped))) : clipped;
}

/**
 * The internal range of a dimension. Ints span [low - 0.5, high + 0.5] so that, treated as
 * continuous and rounded, every integer gets the same width (in log space for log ints).
 * @example internalRange(uniform(0, 2)); //=> [0, 2]
 */
export function internalRange(d: NumericDist): [number, number] {
  if (d.type === 'int') {
    return d.log ? [Math.log(d.low - 0.5), Math.log(d.high + 0.5)] : [d.low - 0.5, d.high + 0.5];
  }
  return [toInternal(d, d.low), toInternal(d, d.high)];
}

const TYPES = ['uniform', 'logUniform', 'int', 'choice', 'fixed'] as const;

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * Validates one distribution record, returning it; `path` names it in errors (`space.optimizer.lr`).
 * @throws ConfigError naming the path, the value and the expected range.
 * @example checkDistribution({ type: 'uniform', low: 1, high: 0 }, 'space.x'); // throws: low must be < high
 */
export function checkDistribution(d: unknown, path: string): Distribution {
  if (!isPlainObject(d) || !TYPES.includes(d.type as (typeof TYPES)[number])) {
    throw new ConfigError(
      path,
      `expected a distribution (${TYPES.join(', ')}), got ${describeJson(d)}`,
    );
  }
  if (d.type === 'fixed') return d as unknown as FixedDist;
  if (d.type === 'choice') {
    const choices = d.choices;
    if (!Array.isArray(choices) || choices.length === 0) {
      throw new ConfigError(
        path,
        `choice needs a non-empty array of values, got ${describeJson(choices)}`,
      );
    }
    choices.forEach((c, i) => {
      const j = choices.findIndex((o) => jsonEqual(o, c));
      if (j !== i)
        throw new ConfigError(
          `${path}.choice.${i}`,
          `duplicate of choice ${j} (${describeJson(c)})`,
        );
    });
    return d as unknown as ChoiceDist;
  }
  const { low, high } = d;
  const range = `[${describeJson(low)}, ${describeJson(high)}]`;
  if (!finite(low) || !finite(high)) {
    throw new ConfigError(path, `${d.type} needs two finite numbers [low, high], got ${range}`);
  }
  if (!(low < high)) {
    throw new ConfigError(
      path,
      `${d.type} range ${range}: low must be < high (use a fixed value for one value)`,
    );
  }
  if (d.type === 'logUniform' && low <= 0) {
    throw new ConfigError(
      path,
      `logUniform range ${range}: low must be > 0 (a log scale cannot reach 0)`,
    );
  }
  if (d.type === 'int') {
    if (!Number.isInteger(low) || !Number.isInteger(high)) {
      throw new ConfigError(path, `int range ${range}: low and high must be integers`);
    }
    if (typeof d.log !== 'boolean')
      throw new ConfigError(`${path}.log`, `expected true or false, got ${describeJson(d.log)}`);
    if (d.log && low < 1)
      throw new ConfigError(path, `int range ${range} with log: low must be >= 1`);
  }
  return d as unknown as Distribution;
}

/**
 * Validates a whole space: every key a well-formed path, every distribution valid.
 * @throws ConfigError at `space.<path>` for the first problem found.
 * @example checkSpace({ 'optimizer.lr': logUniform(1e-4, 1) }); // passes
 */
export function checkSpace(space: unknown, prefix = 'space'): SearchSpace {
  if (!isPlainObject(space))
    throw new ConfigError(prefix, `expected an object of field paths, got ${describeJson(space)}`);
  const keys = Object.keys(space);
  if (keys.length === 0)
    throw new ConfigError(prefix, 'the search space is empty: name at least one field');
  for (const key of keys) {
    parsePath(key, { errorPrefix: prefix });
    checkDistribution(space[key], `${prefix}.${key}`);
    // NOTE: "model.0" and "model.0.units" together would overwrite each other in the config.
    const inner = keys.find((k) => k.startsWith(`${key}.`));
    if (inner !== undefined) {
      throw new ConfigError(
        `${prefix}.${key}`,
        `overlaps "${inner}": a path may not lie inside another one`,
      );
    }
  }
  return space as SearchSpace;
}
