// Plain JSON values, as search spaces, params and stored trials hold them, and two small helpers
// over them (deep equality and a short printable form for error messages).

/** A JSON value: what a config field, a search parameter or a stored attribute may hold. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * True when two JSON values are equal field by field (object key order does not matter).
 * @example jsonEqual({ a: [1, 2] }, { a: [1, 2] }); //=> true
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra);
  return (
    ka.length === Object.keys(rb).length && ka.every((k) => k in rb && jsonEqual(ra[k], rb[k]))
  );
}

/**
 * A short printable form of a value for error messages (JSON, cut at 60 characters).
 * @example describeJson('relu'); //=> '"relu"'
 */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** True for a non-null, non-array object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
