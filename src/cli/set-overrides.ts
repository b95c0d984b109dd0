// `--set FIELD=VALUE` on `descent train`: a config field replaced before validation, so an override
// is checked by the same schema as the file and recorded in the run's config.json like the rest.
import { dirname } from 'node:path';
import type { TrainConfig } from '../config/schema.js';
import { parseTrainConfig } from '../config/node/load-config-file.js';
import { readJsonFile } from '../config/node/read-json-file.js';
import { ConfigError } from '../errors.js';
import { UsageError } from './args.js';

/** One `--set`: the dot path as written, its segments, and the typed value. */
export interface Override {
  readonly field: string;
  readonly path: readonly string[];
  readonly value: unknown;
}

// Keys that would reach Object.prototype instead of a config field.
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * Parses `optimizer.lr=0.01`: the value is JSON when it parses as JSON (numbers, booleans, null,
 * arrays, objects, quoted strings), else the text itself (`optimizer=adam`).
 * @throws UsageError when there is no `=` or a path segment is empty or reserved.
 * @example parseOverride('epochs=5'); //=> { field: 'epochs', path: ['epochs'], value: 5 }
 */
export function parseOverride(text: string): Override {
  const eq = text.indexOf('=');
  if (eq < 0) throw new UsageError(`train: --set expects FIELD=VALUE (e.g. --set optimizer.lr=0.01), got '${text}'`);
  const field = text.slice(0, eq).trim();
  const path = field.split('.');
  if (path.some((p) => p === '')) throw new UsageError(`train: --set ${text}: the field path '${field}' has an empty part`);
  const reserved = path.find((p) => FORBIDDEN.has(p));
  if (reserved !== undefined) throw new UsageError(`train: --set ${text}: '${reserved}' is not a config field`);
  const raw = text.slice(eq + 1);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  return { field, path, value };
}

type Container = Record<string, unknown> | unknown[];

function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null;
}

/**
 * A copy of `config` with each override applied in order. Missing objects on the way are created;
 * a shorthand string on the way (`"optimizer": "adam"`) stands for `{ "type": "adam" }`, as in the file.
 * @throws UsageError when the path runs through a number, boolean or null.
 */
export function applyOverrides(config: unknown, overrides: readonly Override[]): unknown {
  const root: unknown = structuredClone(config);
  for (const o of overrides) {
    if (!isContainer(root)) throw new UsageError(`train: --set ${o.field}: the config is not a JSON object`);
    let cur: Container = root;
    for (let i = 0; i < o.path.length - 1; i++) {
      const key = o.path[i]!;
      const table = cur as Record<string, unknown>;
      let next = table[key];
      if (next === undefined) next = {};
      else if (typeof next === 'string') next = { type: next };
      else if (!isContainer(next)) {
        throw new UsageError(`train: --set ${o.field}: '${o.path.slice(0, i + 1).join('.')}' is ${JSON.stringify(next)}, not an object`);
      }
      table[key] = next;
      cur = next as Container;
    }
    (cur as Record<string, unknown>)[o.path[o.path.length - 1]!] = o.value;
  }
  return root;
}

/** The override that a config error's field path lies in (or above), if any. */
function culprit(errorPath: string, overrides: readonly Override[]): Override | undefined {
  const inside = (a: string, b: string) => a === b || a.startsWith(`${b}.`);
  for (let i = overrides.length - 1; i >= 0; i--) {
    const o = overrides[i]!;
    if (inside(errorPath, o.field) || inside(o.field, errorPath)) return o;
  }
  return undefined;
}

/**
 * Reads a config file, applies the overrides and validates the result as a file would be.
 * @throws ConfigError naming `file (--set FIELD)` when an override makes the config invalid.
 */
export function loadTrainConfigWithOverrides(file: string, overrides: readonly Override[]): TrainConfig {
  const input = readJsonFile(file);
  if (overrides.length === 0) return parseTrainConfig(input, file);
  // The file alone first: its own mistakes are named without an override in the label.
  parseTrainConfig(input, file);
  const merged = applyOverrides(input, overrides);
  try {
    return parseTrainConfig(merged, file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const o = culprit(error.path, overrides);
    const label = o === undefined ? `${file} (--set ${overrides.map((x) => x.field).join(', --set ')})` : `${file} (--set ${o.field})`;
    return parseTrainConfig(merged, label, dirname(file));
  }
}
