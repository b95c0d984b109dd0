// The parameter list an optimizer works on: tensors with names, from an array, a map or a record.
import { ConfigError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { ParamInfo } from './transform.js';

/**
 * Parameters to optimize: an array of tensors (named by index: '0', '1', ...), or named tensors as
 * [name, tensor] pairs (a Map, `Object.entries(...)`, a module's named parameters) or a record.
 */
export type ParamsInput =
  readonly Tensor[] | Iterable<readonly [string, Tensor]> | Readonly<Record<string, Tensor>>;

/** Parameters after validation: names and tensors, index-aligned. */
export interface ParamList {
  readonly names: readonly string[];
  readonly tensors: readonly Tensor[];
}

function entriesOf(input: ParamsInput): [string, unknown][] {
  // An array of tensors is named by index; an array of [name, tensor] pairs goes on as an iterable.
  if (Array.isArray(input) && !input.some((item) => Array.isArray(item))) {
    return input.map((t: unknown, i) => [String(i), t]);
  }
  if (input instanceof Tensor) return [['0', input]];
  if (typeof (input as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function') {
    return Array.from(input as Iterable<unknown>, (pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') {
        throw new ConfigError(`params.${i}`, 'expected a [name, tensor] pair');
      }
      return [pair[0], pair[1]];
    });
  }
  return Object.entries(input as Record<string, unknown>);
}

/**
 * Validates and names the parameters: each must be a leaf tensor, none may appear twice, and the
 * list may not be empty. Tensors whose `requiresGrad` is false are kept: they get no gradient, so
 * `step()` skips them (PyTorch's rule for frozen parameters).
 * @throws ConfigError at `params` or `params.<name>`.
 * @example normalizeParams([w, b]).names; //=> ['0', '1']
 */
export function normalizeParams(input: ParamsInput, owner: string): ParamList {
  const entries = entriesOf(input);
  if (entries.length === 0) throw new ConfigError('params', `${owner} got an empty parameter list`);
  const seen = new Set<Tensor>();
  const names = new Set<string>();
  for (const [name, t] of entries) {
    if (!(t instanceof Tensor))
      throw new ConfigError(`params.${name}`, `${owner}: expected a Tensor, got ${typeof t}`);
    if (!t.isLeaf) {
      throw new ConfigError(
        `params.${name}`,
        `${owner} can only optimize leaf tensors (this one is the result of ${t.gradFn?.name})`,
      );
    }
    if (seen.has(t))
      throw new ConfigError(
        `params.${name}`,
        `${owner}: the same tensor appears twice in the parameter list`,
      );
    if (names.has(name))
      throw new ConfigError(`params.${name}`, `${owner}: two parameters are named '${name}'`);
    seen.add(t);
    names.add(name);
  }
  return { names: entries.map(([n]) => n), tensors: entries.map(([, t]) => t as Tensor) };
}

/** The ParamInfo records transforms allocate state from. @example paramInfos(normalizeParams([w], 'sgd'))[0].size; //=> w.size */
export function paramInfos(list: ParamList): ParamInfo[] {
  return list.tensors.map((t, i) => ({
    name: list.names[i]!,
    shape: t.shape,
    dtype: t.dtype,
    size: t.size,
  }));
}
