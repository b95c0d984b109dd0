// The config validator on random input: any JSON value (and any mutation of a valid config) is
// either accepted as a TrainConfig or rejected with a ConfigError naming the file; it never crashes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { ConfigError } from '../../src/errors.js';
import { FUZZ_TIMEOUT, fuzzParams } from './runs.js';

const FILE = '/fuzz/config.json';
const VALID = {
  data: { source: { type: 'spiral', classes: 3 }, validation: 0.2 },
  model: [{ type: 'linear', units: 8 }, 'relu', { type: 'linear', units: 3 }],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'sgd', lr: 0.1 },
  epochs: 2,
};

let accepted = 0;

/** Accepted (a config with the required fields) or a ConfigError naming the file. */
function checkVerdict(input: unknown): void {
  try {
    const config = parseTrainConfig(input, FILE);
    expect(Number.isInteger(config.epochs) && config.epochs >= 1).toBe(true);
    expect(Array.isArray(config.model)).toBe(true);
    accepted++;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.message.startsWith(`${FILE}: `)).toBe(true);
    expect(error.message.length).toBeGreaterThan(FILE.length + 4);
  }
}

const KEYS = [...Object.keys(VALID), 'regularization', 'schedule', 'earlyStopping', 'batchSize', 'dtype', 'seed', 'epoch', 'optimiser'];
const PATHS = ['data', 'data.source', 'data.source.type', 'data.validation', 'model', 'model.0', 'model.0.units', 'loss', 'optimizer', 'epochs', 'earlyStopping', 'regularization.l2'];

function setPath(root: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(root);
  const keys = path.split('.');
  let cur: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) {
    const next = cur[k];
    if (typeof next !== 'object' || next === null) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys.at(-1)!] = value;
  return copy;
}

describe('config validator on random input', () => {
  it('any JSON value is accepted or rejected with a ConfigError', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => checkVerdict(v)), fuzzParams());
  }, FUZZ_TIMEOUT);

  it('objects with config-like keys and random values', () => {
    const arb = fc.dictionary(fc.constantFrom(...KEYS), fc.jsonValue({ maxDepth: 3 }));
    fc.assert(fc.property(arb, (v) => checkVerdict({ ...VALID, ...v })), fuzzParams());
  }, FUZZ_TIMEOUT);

  it('a valid config with one field replaced by a random value', () => {
    const arb = fc.tuple(fc.constantFrom(...PATHS), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.double(), fc.constant(undefined)));
    fc.assert(fc.property(arb, ([path, value]) => checkVerdict(setPath(VALID, path, value))), fuzzParams());
    expect(accepted, 'some mutated configs must stay valid').toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);
});
