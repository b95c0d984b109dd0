// JSON with sorted keys and strict value checks: the form a model file's checksum is computed over,
// so the same content always gives the same bytes, whatever the key order or whitespace on disk.
import { ConfigError } from '../errors.js';

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * `value` as JSON text with object keys sorted at every level.
 * @throws ConfigError (with `path` extended to the bad spot) for values JSON cannot hold exactly:
 * NaN, Infinity, undefined, functions, class instances.
 * @example canonicalJson({ b: 1, a: [true, null] }); //=> '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown, path = ''): string {
  const at = (key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
  if (value === null || typeof value === 'boolean' || typeof value === 'string')
    return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new ConfigError(path, `${value} cannot be stored in JSON; use a finite number`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => canonicalJson(v, at(i))).join(',')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k], at(k))}`).join(',')}}`;
  }
  throw new ConfigError(
    path,
    `a ${typeof value === 'object' ? 'class instance' : typeof value} cannot be stored in JSON`,
  );
}
