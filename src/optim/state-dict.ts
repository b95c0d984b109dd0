// The saved form shared by every optimizer (Optimizer and LBFGS): a header that pins the optimizer
// type and the parameter list, the hyperparameters, the step count and the encoded state.
import type { DType } from '../backend/backend.js';
import { DataError } from '../errors.js';
import type { ParamList } from './params.js';
import { decodeNumber, encodeState, type Json, loadStateInto } from './state-codec.js';
import type { StateValue } from './transform.js';

/** The format tag of an optimizer state dict. */
export const STATE_DICT_FORMAT = 'descent.optimizer';

/** What `stateDict()` returns: plain JSON, restored exactly by `loadStateDict`. */
export interface OptimizerStateDict {
  readonly format: typeof STATE_DICT_FORMAT;
  readonly version: 1;
  /** The optimizer's name (`sgd`, `adam`, `lbfgs`, or a chain's name). */
  readonly type: string;
  readonly stepCount: number;
  /** Current values of the settable hyperparameters (`lr`, `momentum`). */
  readonly hyperparams: { readonly [name: string]: Json };
  /** The parameters the state belongs to, in order. */
  readonly params: readonly {
    readonly name: string;
    readonly shape: readonly number[];
    readonly dtype: DType;
  }[];
  /** The per-parameter state: typed arrays as base64 little-endian (see state-codec.ts). */
  readonly state: Json;
}

/** The pieces of an optimizer a state dict is made from and written back to. */
export interface StateDictParts {
  readonly type: string;
  readonly list: ParamList;
  readonly stepCount: number;
  readonly hyperparams: { readonly [name: string]: number };
  readonly state: StateValue;
}

/** Builds the state dict of an optimizer. @example JSON.stringify(makeStateDict(parts)); */
export function makeStateDict(parts: StateDictParts): OptimizerStateDict {
  const hyperparams: { [name: string]: Json } = {};
  for (const [k, v] of Object.entries(parts.hyperparams)) hyperparams[k] = encodeState(v);
  return {
    format: STATE_DICT_FORMAT,
    version: 1,
    type: parts.type,
    stepCount: parts.stepCount,
    hyperparams,
    params: parts.list.tensors.map((t, i) => ({
      name: parts.list.names[i]!,
      shape: [...t.shape],
      dtype: t.dtype,
    })),
    state: encodeState(parts.state),
  };
}

function fail(location: string, message: string): never {
  throw new DataError(message, { location });
}

function checkParams(saved: unknown, list: ParamList): void {
  if (!Array.isArray(saved)) fail('params', 'expected an array of {name, shape, dtype}');
  if (saved.length !== list.tensors.length) {
    fail(
      'params',
      `the state dict holds ${saved.length} parameters, this optimizer has ${list.tensors.length}`,
    );
  }
  list.tensors.forEach((t, i) => {
    const p = saved[i] as { name?: unknown; shape?: unknown; dtype?: unknown } | null;
    const name = list.names[i]!;
    if (typeof p !== 'object' || p === null) fail(`params.${i}`, 'expected {name, shape, dtype}');
    if (p.name !== name)
      fail(`params.${i}.name`, `expected parameter '${name}', got ${JSON.stringify(p.name)}`);
    const shape = JSON.stringify(p.shape);
    if (shape !== JSON.stringify(t.shape))
      fail(
        `params.${i}.shape`,
        `parameter '${name}' has shape ${JSON.stringify(t.shape)}, the state dict ${shape}`,
      );
    if (p.dtype !== t.dtype)
      fail(
        `params.${i}.dtype`,
        `parameter '${name}' is ${t.dtype}, the state dict says ${String(p.dtype)}`,
      );
  });
}

/** Decoded hyperparameters and step count of a checked state dict. */
export interface LoadedHeader {
  readonly stepCount: number;
  readonly hyperparams: { [name: string]: number };
}

/**
 * Checks a saved state dict against an optimizer and copies its state into `parts.state` in place.
 * Nothing changes unless all of it matches; the caller then sets the returned step count and
 * hyperparameters.
 * @throws DataError naming the first field that differs (format, type, a parameter's name, shape or dtype, a state buffer).
 * @example const { stepCount } = loadStateDictInto(JSON.parse(text), parts);
 */
export function loadStateDictInto(saved: unknown, parts: StateDictParts): LoadedHeader {
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved))
    fail('', 'an optimizer state dict must be an object');
  const s = saved as { [key: string]: unknown };
  if (s.format !== STATE_DICT_FORMAT)
    fail('format', `expected '${STATE_DICT_FORMAT}', got ${JSON.stringify(s.format)}`);
  if (s.version !== 1) fail('version', `expected version 1, got ${JSON.stringify(s.version)}`);
  if (s.type !== parts.type)
    fail('type', `the state dict is for '${String(s.type)}', this optimizer is '${parts.type}'`);
  checkParams(s.params, parts.list);
  const stepCount = s.stepCount;
  if (typeof stepCount !== 'number' || !Number.isInteger(stepCount) || stepCount < 0) {
    fail('stepCount', `expected a whole number >= 0, got ${JSON.stringify(stepCount)}`);
  }
  const saveHyper = s.hyperparams;
  if (typeof saveHyper !== 'object' || saveHyper === null)
    fail('hyperparams', 'expected an object');
  const hyperparams: { [name: string]: number } = {};
  const names = Object.keys(parts.hyperparams);
  for (const key of Object.keys(saveHyper))
    if (!names.includes(key)) fail(`hyperparams.${key}`, 'unexpected entry');
  for (const key of names) {
    const v = decodeNumber((saveHyper as { [key: string]: unknown })[key]);
    if (v === undefined) fail(`hyperparams.${key}`, 'expected a number');
    hyperparams[key] = v;
  }
  loadStateInto(parts.state, s.state, 'state');
  return { stepCount, hyperparams };
}
