// The JSON form of a search space, as written in a search config:
//   {"optimizer.lr": {"logUniform": [1e-4, 1]}, "batchSize": {"int": [16, 256], "log": true},
//    "model.0.units": {"choice": [16, 32, 64]}, "model.2.rate": {"uniform": [0, 0.5]}, "seed": 3}
import { ConfigError } from '../errors.js';
import { describeJson, isPlainObject, type JsonValue } from './json.js';
import { checkSpace, type Distribution, type SearchSpace } from './space.js';

const FORMS = ['uniform', 'logUniform', 'int', 'choice', 'fixed'] as const;
type Form = (typeof FORMS)[number];

function pair(value: unknown, path: string, form: Form): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new ConfigError(path, `${form} expects [low, high], got ${describeJson(value)}`);
  }
  return [value[0] as number, value[1] as number];
}

function parseEntry(raw: unknown, path: string): Distribution {
  // Plain scalars are fixed values: "seed": 3.
  if (raw === null || typeof raw !== 'object') return { type: 'fixed', value: raw as JsonValue };
  if (Array.isArray(raw)) {
    throw new ConfigError(
      path,
      `a bare array is ambiguous: write {"choice": ${describeJson(raw)}} to search over these values, ` +
        `or {"fixed": ${describeJson(raw)}} to set the array itself`,
    );
  }
  if (!isPlainObject(raw))
    throw new ConfigError(path, `expected a distribution, got ${describeJson(raw)}`);
  const forms = FORMS.filter((f) => f in raw);
  if (forms.length !== 1) {
    throw new ConfigError(
      path,
      forms.length === 0
        ? `expected one of ${FORMS.map((f) => `{"${f}": ...}`).join(', ')} or a plain value, ` +
            `got ${describeJson(raw)} (write {"fixed": {...}} to set an object)`
        : `give exactly one distribution, got ${forms.join(' and ')}`,
    );
  }
  const form = forms[0]!;
  const allowed = form === 'int' ? ['int', 'log'] : [form];
  const extra = Object.keys(raw).find((k) => !allowed.includes(k));
  if (extra !== undefined) {
    throw new ConfigError(
      `${path}.${extra}`,
      `unknown field "${extra}" for ${form} (expected ${allowed.map((k) => `"${k}"`).join(', ')})`,
    );
  }
  const arg = raw[form];
  switch (form) {
    case 'fixed':
      return { type: 'fixed', value: arg as JsonValue };
    case 'choice':
      return { type: 'choice', choices: arg as JsonValue[] };
    case 'int': {
      const [low, high] = pair(arg, path, form);
      return { type: 'int', low, high, log: (raw.log ?? false) as boolean };
    }
    default: {
      const [low, high] = pair(arg, path, form);
      return { type: form, low, high };
    }
  }
}

/**
 * Parses the JSON form of a search space into distribution records, validating every range.
 * @param json the parsed JSON object: field path -> {"uniform"|"logUniform"|"int"|"choice"|"fixed": ...}
 *   or a plain value (held fixed).
 * @param prefix the field path of the space itself, for error messages (default 'space').
 * @throws ConfigError naming the field, e.g. `space.optimizer.lr: logUniform range [0, 1]: low must be > 0`.
 * @example
 * parseSpace({ 'optimizer.lr': { logUniform: [1e-4, 1] }, seed: 3 });
 * //=> { 'optimizer.lr': { type: 'logUniform', low: 1e-4, high: 1 }, seed: { type: 'fixed', value: 3 } }
 */
export function parseSpace(json: unknown, prefix = 'space'): SearchSpace {
  if (!isPlainObject(json))
    throw new ConfigError(prefix, `expected an object of field paths, got ${describeJson(json)}`);
  const space: Record<string, Distribution> = {};
  for (const [key, raw] of Object.entries(json)) space[key] = parseEntry(raw, `${prefix}.${key}`);
  return checkSpace(space, prefix);
}

/**
 * The JSON form of a space (the inverse of `parseSpace`), for writing a study's space to a file.
 * @example formatSpace({ x: { type: 'uniform', low: 0, high: 1 } }); //=> { x: { uniform: [0, 1] } }
 */
export function formatSpace(space: SearchSpace): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, d] of Object.entries(space)) {
    if (d.type === 'fixed')
      out[key] = isPlainObject(d.value) || Array.isArray(d.value) ? { fixed: d.value } : d.value;
    else if (d.type === 'choice') out[key] = { choice: [...d.choices] };
    else if (d.type === 'int')
      out[key] = d.log ? { int: [d.low, d.high], log: true } : { int: [d.low, d.high] };
    else out[key] = { [d.type]: [d.low, d.high] };
  }
  return out;
}
