// Argument checks shared by the optimizer and schedule factories: each throws a ConfigError whose
// path is the option's name, so from-config can prefix it (`optimizer.beta1`) without re-validating.
import { ConfigError } from '../errors.js';
import { closestName } from '../suggest.js';

/** The accepted range of a numeric option; every bound is optional. */
export interface NumberRange {
  /** Smallest allowed value (inclusive). */
  readonly min?: number;
  /** Largest allowed value (inclusive). */
  readonly max?: number;
  /** The value must be strictly greater than this. */
  readonly above?: number;
  /** The value must be strictly less than this. */
  readonly below?: number;
  /** Whole numbers only. */
  readonly integer?: boolean;
}

/**
 * The range written the way error messages show it.
 * @example describeRange('beta1', { min: 0, below: 1 }); //=> 'a number with 0 <= beta1 < 1'
 */
export function describeRange(name: string, range: NumberRange): string {
  const kind = range.integer === true ? 'a whole number' : 'a finite number';
  const lower =
    range.above !== undefined
      ? (['>', range.above] as const)
      : range.min !== undefined
        ? (['>=', range.min] as const)
        : undefined;
  const upper =
    range.below !== undefined
      ? (['<', range.below] as const)
      : range.max !== undefined
        ? (['<=', range.max] as const)
        : undefined;
  if (lower === undefined && upper === undefined) return kind;
  if (upper === undefined) return `${kind} with ${name} ${lower![0]} ${lower![1]}`;
  if (lower === undefined) return `${kind} with ${name} ${upper[0]} ${upper[1]}`;
  const flip = lower[0] === '>' ? '<' : '<=';
  return `${kind} with ${lower[1]} ${flip} ${name} ${upper[0]} ${upper[1]}`;
}

/** `x >= 0`, as for a learning rate. Shared so that per-step checks allocate nothing. */
export const NON_NEGATIVE: NumberRange = Object.freeze({ min: 0 });

/** `x > 0`. */
export const POSITIVE: NumberRange = Object.freeze({ above: 0 });

/** `0 <= x < 1`, as for a momentum or a moment decay. */
export const UNIT_INTERVAL: NumberRange = Object.freeze({ min: 0, below: 1 });

function inRange(value: number, range: NumberRange): boolean {
  if (range.integer === true && !Number.isInteger(value)) return false;
  if (range.min !== undefined && value < range.min) return false;
  if (range.max !== undefined && value > range.max) return false;
  if (range.above !== undefined && value <= range.above) return false;
  if (range.below !== undefined && value >= range.below) return false;
  return true;
}

/** `value` as JSON shows it, for messages. @example showValue('0.1'); //=> '"0.1"' */
export function showValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Checks one numeric option; `undefined` gives `fallback` (or throws when the option is required).
 * @throws ConfigError at path `name` for a non-number or a value out of range.
 * @example checkNumber(undefined, 'eps', { above: 0 }, 1e-8); //=> 1e-8
 */
export function checkNumber(
  value: unknown,
  name: string,
  range: NumberRange,
  fallback?: number,
): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new ConfigError(name, `missing (expected ${describeRange(name, range)})`);
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || !inRange(value, range)) {
    throw new ConfigError(
      name,
      `invalid value ${showValue(value)} (expected ${describeRange(name, range)})`,
    );
  }
  return value;
}

/**
 * Checks one boolean option; `undefined` gives `fallback`.
 * @throws ConfigError at path `name` for anything but true or false.
 * @example checkBoolean(undefined, 'nesterov', false); //=> false
 */
export function checkBoolean(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new ConfigError(name, `invalid value ${showValue(value)} (expected true or false)`);
  }
  return value;
}

/**
 * Checks an option that must be one of a few strings; `undefined` gives `fallback`.
 * @throws ConfigError at path `name` naming the accepted values.
 * @example checkChoice(undefined, 'lineSearch', ['strongWolfe', 'backtracking'], 'strongWolfe'); //=> 'strongWolfe'
 */
export function checkChoice<T extends string>(
  value: unknown,
  name: string,
  choices: readonly T[],
  fallback?: T,
): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    const list = choices.map((c) => `'${c}'`).join(', ');
    throw new ConfigError(name, `invalid value ${showValue(value)} (expected one of ${list})`);
  }
  return value as T;
}

/**
 * Runs a factory and prefixes the path of any ConfigError it throws (`beta1` becomes
 * `optimizer.beta1`), so factories validate once and configs still get full field paths.
 * @example withPath('optimizer', () => adam({ beta1: 2 })); // throws ConfigError at 'optimizer.beta1'
 */
export function withPath<T>(prefix: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (!(e instanceof ConfigError) || e.file !== undefined || prefix === '') throw e;
    // ConfigError's message is "<path>: <text>" (or just the text for an empty path).
    const text = e.path === '' ? e.message : e.message.slice(e.path.length + 2);
    throw new ConfigError(e.path === '' ? prefix : `${prefix}.${e.path}`, text);
  }
}

/**
 * Checks that an options argument is a plain object (or absent) and names no unknown option.
 * @throws ConfigError at the unknown option's path, suggesting the closest known name.
 * @example checkOptionNames({ lr: 0.1 }, 'sgd', ['lr', 'momentum']); // passes
 */
export function checkOptionNames(options: unknown, owner: string, known: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigError('', `${owner}: options must be an object, got ${showValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ConfigError(
        key,
        `${owner} has no option '${key}'${hint(key, known)}; its options are ${known.join(', ')}`,
      );
    }
  }
}

function hint(key: string, known: readonly string[]): string {
  const best = closestName(key, known);
  return best === undefined ? '' : ` (did you mean '${best}'?)`;
}
