// Optimizer state to JSON and back: typed arrays as base64 of little-endian bytes (exact for float32
// and float64), non-finite numbers as strings. Loading checks the saved structure against a live
// template first and writes only when all of it matches, so a bad file leaves the optimizer as it was.
import type { Buf } from '../backend/backend.js';
import { DataError } from '../errors.js';
import type { StateValue } from './transform.js';

/** A JSON value. */
export type Json = number | string | boolean | null | Json[] | { [key: string]: Json };

/** A typed array as stored in a state dict. */
export interface EncodedBuf {
  readonly dtype: 'float32' | 'float64';
  readonly length: number;
  /** The elements as little-endian IEEE 754 bytes, base64. */
  readonly base64: string;
  [key: string]: Json;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function isBuf(v: StateValue): v is Buf {
  return v instanceof Float32Array || v instanceof Float64Array;
}

/**
 * Encodes a typed array as base64 of its little-endian bytes.
 * @example encodeBuf(new Float32Array([1])).base64; //=> 'AACAPw=='
 */
export function encodeBuf(buf: Buf): EncodedBuf {
  const f64 = buf instanceof Float64Array;
  const width = f64 ? 8 : 4;
  const view = new DataView(new ArrayBuffer(buf.length * width));
  for (let j = 0; j < buf.length; j++) {
    if (f64) view.setFloat64(j * width, buf[j]!, true);
    else view.setFloat32(j * width, buf[j]!, true);
  }
  const bytes = new Uint8Array(view.buffer);
  let binary = '';
  // Chunks keep String.fromCharCode's argument list within engine limits.
  for (let k = 0; k < bytes.length; k += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return { dtype: f64 ? 'float64' : 'float32', length: buf.length, base64: btoa(binary) };
}

function decodeInto(buf: Buf, base64: string): void {
  const binary = atob(base64);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let k = 0; k < binary.length; k++) view.setUint8(k, binary.charCodeAt(k));
  const f64 = buf instanceof Float64Array;
  for (let j = 0; j < buf.length; j++)
    buf[j] = f64 ? view.getFloat64(j * 8, true) : view.getFloat32(j * 4, true);
}

function encodeNumber(x: number): Json {
  return Number.isFinite(x) ? x : String(x);
}

/**
 * The JSON form of a transform state (typed arrays as `EncodedBuf`).
 * @example encodeState({ count: 2, mu: [new Float64Array([0.5])] }); //=> { count: 2, mu: [{ dtype: 'float64', ... }] }
 */
export function encodeState(value: StateValue): Json {
  if (typeof value === 'number') return encodeNumber(value);
  if (isBuf(value)) return encodeBuf(value);
  if (Array.isArray(value)) return value.map(encodeState);
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(value)) out[k] = encodeState(v);
  return out;
}

/** A number from its JSON form, or undefined when `saved` is neither a number nor a non-finite name. @example decodeNumber('Infinity'); //=> Infinity */
export function decodeNumber(saved: unknown): number | undefined {
  if (typeof saved === 'number') return saved;
  if (saved === 'NaN' || saved === 'Infinity' || saved === '-Infinity') return Number(saved);
  return undefined;
}

function fail(location: string, message: string): never {
  throw new DataError(message, { location });
}

function checkBuf(live: Buf, saved: unknown, at: string): string {
  const s = saved as Partial<EncodedBuf> | null;
  const dtype = live instanceof Float64Array ? 'float64' : 'float32';
  if (typeof s !== 'object' || s === null || typeof s.base64 !== 'string')
    fail(at, `expected an encoded ${dtype} array`);
  if (s.dtype !== dtype) fail(at, `expected dtype ${dtype}, got ${String(s.dtype)}`);
  if (s.length !== live.length)
    fail(at, `expected ${live.length} elements, got ${String(s.length)}`);
  const bytes = live.length * (dtype === 'float64' ? 8 : 4);
  if (!BASE64.test(s.base64) || s.base64.length !== 4 * Math.ceil(bytes / 3)) {
    fail(at, `base64 data does not hold ${live.length} ${dtype} values`);
  }
  return s.base64;
}

/** Walks live and saved together; with `write` false it only validates. Returns the value for a number slot. */
function walk(live: StateValue, saved: unknown, at: string, write: boolean): StateValue {
  if (typeof live === 'number') {
    const n = decodeNumber(saved);
    if (n === undefined) fail(at, `expected a number, got ${JSON.stringify(saved) ?? 'nothing'}`);
    return n;
  }
  if (isBuf(live)) {
    const base64 = checkBuf(live, saved, at);
    if (write) decodeInto(live, base64);
    return live;
  }
  if (Array.isArray(live)) {
    if (!Array.isArray(saved)) fail(at, 'expected an array');
    if (saved.length !== live.length)
      fail(at, `expected ${live.length} entries, got ${saved.length}`);
    for (let k = 0; k < live.length; k++) {
      const v = walk(live[k]!, saved[k], `${at}.${k}`, write);
      if (write) live[k] = v;
    }
    return live;
  }
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved))
    fail(at, 'expected an object');
  const keys = Object.keys(live);
  for (const key of Object.keys(saved))
    if (!keys.includes(key)) fail(`${at}.${key}`, 'unexpected entry');
  for (const key of keys) {
    const v = walk(live[key]!, (saved as Record<string, unknown>)[key], `${at}.${key}`, write);
    if (write) live[key] = v;
  }
  return live;
}

/**
 * Copies a saved state (from `encodeState`, possibly via JSON) into a live state of the same
 * structure, in place. Nothing is written unless every key, length and dtype matches.
 * @param location where the state sits in the state dict, for messages (e.g. 'state').
 * @throws DataError naming the first place that differs.
 * @example loadStateInto(optimizerState, JSON.parse(text), 'state');
 */
export function loadStateInto(live: StateValue, saved: unknown, location: string): void {
  walk(live, saved, location, false);
  walk(live, saved, location, true);
}
