// Field paths into plain JSON configs ("optimizer.lr", "model.0.units"): parse, read and write.
// A numeric segment indexes an array; every other segment names an object field.
import { ConfigError } from '../errors.js';
import { describeJson, isPlainObject, type JsonValue } from './json.js';

/** Options of `getPath` / `setPath`. */
export interface PathOptions {
  /** Prefix of the ConfigError path, e.g. 'space' gives errors at `space.optimizer.lr`. */
  readonly errorPrefix?: string;
  /** `setPath` only: allow the last segment to name a field the object lacks (default false). */
  readonly allowNewField?: boolean;
}

function errorPath(path: string, options: PathOptions): string {
  return options.errorPrefix === undefined || options.errorPrefix === ''
    ? path
    : `${options.errorPrefix}.${path}`;
}

/**
 * Splits a dotted path into segments, rejecting empty ones.
 * @throws ConfigError when the path is empty or has an empty segment ("a..b", ".a").
 * @example parsePath('model.0.units'); //=> ['model', '0', 'units']
 */
export function parsePath(path: string, options: PathOptions = {}): string[] {
  const segments = path.split('.');
  if (path === '' || segments.some((s) => s === '')) {
    throw new ConfigError(
      errorPath(path, options),
      `invalid field path ${describeJson(path)}: expected names separated by single dots, ` +
        'e.g. "optimizer.lr" or "model.0.units"',
    );
  }
  return segments;
}

function isIndex(segment: string): boolean {
  return /^(0|[1-9]\d*)$/.test(segment);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return `the string ${describeJson(value)}`;
  return `the ${typeof value} ${describeJson(value)}`;
}

/** Walks to the container of the last segment, checking every step; returns it and the last key. */
function walk(
  root: unknown,
  path: string,
  options: PathOptions,
): { container: Record<string, unknown> | unknown[]; key: string } {
  const segments = parsePath(path, options);
  let cur: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const here = segments.slice(0, i).join('.');
    const where = here === '' ? 'the config' : here;
    if (Array.isArray(cur)) {
      if (!isIndex(seg)) {
        throw new ConfigError(
          errorPath(path, options),
          `${where} is an array, so "${seg}" must be an index 0..${cur.length - 1}`,
        );
      }
      if (Number(seg) >= cur.length) {
        throw new ConfigError(
          errorPath(path, options),
          `${where} has ${cur.length} element(s), so index ${seg} does not exist`,
        );
      }
    } else if (!isPlainObject(cur)) {
      throw new ConfigError(
        errorPath(path, options),
        `${where} is ${kindOf(cur)}, not an object, so it has no field "${seg}"` +
          (typeof cur === 'string'
            ? ` (write it as {"type": ${describeJson(cur)}, ...} to set fields)`
            : ''),
      );
    }
    if (i === segments.length - 1) return { container: cur as Record<string, unknown>, key: seg };
    const next = (cur as Record<string, unknown>)[seg];
    if (next === undefined) {
      throw new ConfigError(errorPath(path, options), `${where} has no field "${seg}"`);
    }
    cur = next;
  }
  throw new ConfigError(errorPath(path, options), 'empty path');
}

/**
 * Reads the value at a dotted path of a plain JSON object.
 * @throws ConfigError naming the path when a segment does not exist or steps into a non-object.
 * @example getPath({ model: [{ units: 16 }] }, 'model.0.units'); //=> 16
 */
export function getPath(root: unknown, path: string, options: PathOptions = {}): JsonValue {
  const { container, key } = walk(root, path, options);
  const value = (container as Record<string, unknown>)[key];
  if (value === undefined) {
    const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : 'the config';
    throw new ConfigError(errorPath(path, options), `${parent} has no field "${key}"`);
  }
  return value as JsonValue;
}

/**
 * Writes `value` at a dotted path of a plain JSON object, in place. The path must exist (a new
 * field is allowed only with `allowNewField`); arrays never grow.
 * @throws ConfigError naming the path when it does not exist in `root`.
 * @example
 * const config = { optimizer: { type: 'sgd', lr: 0.1 } };
 * setPath(config, 'optimizer.lr', 0.01); // config.optimizer.lr === 0.01
 */
export function setPath(
  root: unknown,
  path: string,
  value: JsonValue,
  options: PathOptions = {},
): void {
  const { container, key } = walk(root, path, options);
  if (!Array.isArray(container) && !(key in container) && options.allowNewField !== true) {
    const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : 'the config';
    throw new ConfigError(errorPath(path, options), `${parent} has no field "${key}"`);
  }
  (container as Record<string, unknown>)[key] = value;
}
