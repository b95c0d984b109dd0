// The search spec loader on random input: any JSON value, and specs with random (often wrong) base
// files, spaces, methods, objectives, trials and pruners, either parse into a SearchSpec with a
// finite budget or are refused with a ConfigError or DataError that has a message; never a crash.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSearchSpec } from '../../src/config/node/search-spec.js';
import { ConfigError, DataError } from '../../src/errors.js';
import { FUZZ_TIMEOUT, fuzzParams } from './runs.js';

const BASE = {
  seed: 1,
  data: { source: 'digits', validation: 0.2 },
  model: [{ type: 'linear', units: 8 }, 'relu', { type: 'dropout', rate: 0.1 }, { type: 'linear', units: 10 }],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'sgd', lr: 0.01 },
  epochs: 1,
  batchSize: 32,
};

let dir: string;
let specFile: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'descent-spec-fuzz-'));
  specFile = join(dir, 'spec.json');
  writeFileSync(join(dir, 'base.json'), JSON.stringify(BASE));
  writeFileSync(join(dir, 'mse.json'), JSON.stringify({ ...BASE, loss: 'mse' }));
  writeFileSync(join(dir, 'broken.json'), '{"seed": 1, "data": ');
  writeFileSync(join(dir, 'not-a-config.json'), JSON.stringify({ model: 3 }));
  writeFileSync(join(dir, 'csv-missing.json'), JSON.stringify({ ...BASE, data: { source: { type: 'csv', path: 'nope.csv' }, validation: 0.2 } }));
  mkdirSync(join(dir, 'folder.json'));
});

/** Parsed (a spec with a finite budget) or refused with a typed error that says something. */
/** Parses `input` or checks the refusal is a ConfigError/DataError with a message; true when it parsed. */
function checkVerdict(input: unknown): boolean {
  try {
    const spec = parseSearchSpec(input, specFile);
    expect(Number.isFinite(spec.budget) && spec.budget >= 1).toBe(true);
    expect(['maximize', 'minimize']).toContain(spec.direction);
    return true;
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof DataError)) throw error;
    expect(error.message.trim().length).toBeGreaterThan(0);
    expect(error.message).not.toMatch(/\bundefined\b|\[object Object\]/);
    return false;
  }
}

const number = fc.oneof(fc.double(), fc.integer({ min: -5, max: 300 }), fc.constantFrom(0, 1e-4, 0.5, 1, 1e9, Number.NaN, Infinity));
const distribution = fc.oneof(
  fc.record({ uniform: fc.array(number, { maxLength: 3 }) }),
  fc.record({ logUniform: fc.array(number, { maxLength: 3 }) }),
  fc.record({ int: fc.array(number, { maxLength: 3 }), log: fc.oneof(fc.boolean(), fc.jsonValue({ maxDepth: 1 })) }, { requiredKeys: ['int'] }),
  fc.record({ choice: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 }), fc.jsonValue({ maxDepth: 1 })) }),
  fc.record({ fixed: fc.jsonValue({ maxDepth: 2 }) }),
  fc.jsonValue({ maxDepth: 2 }),
);
const PATHS = ['optimizer.lr', 'model.0.units', 'model.2.rate', 'model.1', 'model.9.units', 'batchSize', 'epochs', 'loss', 'data.source', 'regularization.l2', 'seed', '', 'a..b', 'model', 'optimizer.type'];
const space = fc.oneof(fc.dictionary(fc.constantFrom(...PATHS), distribution, { maxKeys: 4 }), fc.jsonValue({ maxDepth: 2 }));
const named = (names: string[], keys: string[]) =>
  fc.oneof(
    fc.constantFrom(...names),
    fc.dictionary(fc.constantFrom('type', ...keys), fc.oneof(fc.constantFrom(...names), fc.jsonValue({ maxDepth: 2 })), { maxKeys: 4 }),
    fc.record({ type: fc.constantFrom(...names), stages: fc.array(fc.record({ trials: number, epochs: number }, { requiredKeys: [] }), { maxLength: 3 }) }, { requiredKeys: ['type'] }),
    fc.jsonValue({ maxDepth: 2 }),
  );
const METRICS = ['valAccuracy', 'valLoss', 'trainAccuracy', 'trainLoss', 'testAccuracy', 'accuracy', ''];
/** Mostly the valid form, sometimes anything: so that some specs parse and each field gets its turn at being wrong. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, wrong: fc.Arbitrary<U>) => fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: wrong, weight: 1 });
const goodSpace = fc.record(
  {
    'optimizer.lr': fc.constantFrom({ logUniform: [1e-4, 1] }, { fixed: 0.01 }),
    'model.0.units': fc.constantFrom({ choice: [8, 16] }, { int: [8, 64], log: true }),
    'model.2.rate': fc.constantFrom({ uniform: [0, 0.5] }, { choice: [0, 0.25] }),
    batchSize: fc.constantFrom({ int: [8, 64] }, { choice: [16, 32] }),
  },
  { requiredKeys: ['optimizer.lr'] },
);
const spec = fc.record(
  {
    name: mostly(fc.constantFrom('study', 'a b'), fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 }))),
    base: mostly(fc.constantFrom('base.json', 'mse.json'), fc.oneof(fc.constantFrom('broken.json', 'not-a-config.json', 'csv-missing.json', 'folder.json', 'missing.json', '', '.', '/', '\0'), fc.string(), fc.jsonValue({ maxDepth: 1 }))),
    space: mostly(goodSpace, space),
    method: mostly(fc.constantFrom('random', 'tpe', 'grid', { type: 'grid', points: 2 }), named(['random', 'grid', 'tpe', 'coarseToFine', 'bogus', ''], ['points', 'shuffle', 'nStartup', 'gamma', 'multivariate', 'stages', 'top', 'margin'])),
    objective: mostly(fc.constantFrom('valAccuracy', 'valLoss', { metric: 'trainLoss', mode: 'min' }), fc.oneof(fc.constantFrom(...METRICS), fc.record({ metric: fc.constantFrom(...METRICS), mode: fc.oneof(fc.constantFrom('max', 'min', 'up'), fc.jsonValue({ maxDepth: 1 })) }, { requiredKeys: [] }), fc.jsonValue({ maxDepth: 1 }))),
    trials: mostly(fc.integer({ min: 1, max: 6 }), fc.oneof(number, fc.jsonValue({ maxDepth: 1 }))),
    pruner: mostly(fc.constantFrom('median', 'none'), named(['median', 'none', 'hyperband', 'successiveHalving', 'bogus'], ['warmup', 'minTrials', 'percentile', 'minResource', 'reductionFactor'])),
    seed: mostly(fc.integer(), fc.oneof(number, fc.jsonValue({ maxDepth: 1 }))),
  },
  { requiredKeys: ['base', 'space', 'objective', 'trials'] },
);
const rarely = <T>(a: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(null), weight: 9 }, { arbitrary: a, weight: 1 });
/** Now and then a required field dropped, or an unknown one added. */
const withExtra = fc
  .tuple(spec, rarely(fc.constantFrom('base', 'space', 'objective', 'trials')), rarely(fc.tuple(fc.string(), fc.jsonValue({ maxDepth: 1 }))))
  .map(([s, drop, extra]) => {
    const out: Record<string, unknown> = { ...s };
    if (drop !== null) delete out[drop];
    if (extra !== null) out[extra[0]] = extra[1];
    return out;
  });

describe('search spec loader on random input', () => {
  it('any JSON value is a spec or a ConfigError/DataError', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      checkVerdict(v);
    }), fuzzParams());
  }, FUZZ_TIMEOUT);

  it('spec-shaped objects with random fields: parsed, or refused with a message', () => {
    let parsed = 0;
    fc.assert(fc.property(withExtra, (v) => {
      if (checkVerdict(v)) parsed++;
    }), fuzzParams(2));
    // The generator reaches valid specs too, not only refusals.
    expect(parsed).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);

  it('a valid spec with one field replaced by a random value', () => {
    const valid = { base: 'base.json', space: { 'optimizer.lr': { logUniform: [1e-4, 1] } }, objective: 'valAccuracy', trials: 4 };
    // The unmodified spec must parse (else every case below could be a refusal).
    const spec = parseSearchSpec(valid, specFile);
    expect(spec.budget).toBe(4);
    expect(spec.direction).toBe('maximize');
    const arb = fc.tuple(fc.constantFrom('base', 'space', 'objective', 'trials', 'method', 'pruner', 'seed', 'name'), fc.jsonValue({ maxDepth: 2 }));
    fc.assert(fc.property(arb, ([key, value]) => {
      checkVerdict({ ...valid, [key]: value });
    }), fuzzParams());
  }, FUZZ_TIMEOUT);
});
