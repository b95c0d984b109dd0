// The search spec: the example loads, and every kind of mistake is rejected before any
// trial runs, with the spec file and the field named.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadSearchSpec } from '../../src/config/node/search-spec.js';
import { ConfigError } from '../../src/errors.js';
import { uniform } from '../../src/search/space.js';
import { SqliteStorage } from '../../src/search/node/storage/sqlite-storage.js';
import { Study } from '../../src/search/study.js';
import { captureIO, ROOT, tempDir, writeJson } from './helpers.js';

const BASE = {
  seed: 1,
  data: { source: 'digits', validation: 0.2 },
  model: [
    { type: 'linear', units: 8 },
    'relu',
    { type: 'dropout', rate: 0.1 },
    { type: 'linear', units: 10 },
  ],
  loss: 'softmaxCrossEntropy',
  optimizer: { type: 'sgd', lr: 0.01 },
  epochs: 1,
};
const SPACE = { 'optimizer.lr': { logUniform: [1e-4, 1] } };

/** A spec (and its base) in a fresh folder; returns the spec's path. */
function specFile(spec: Record<string, unknown>, base: unknown = BASE): string {
  const dir = tempDir('spec');
  writeJson(dir, 'base.json', base);
  return writeJson(dir, 'spec.json', {
    base: 'base.json',
    space: SPACE,
    objective: 'valAccuracy',
    trials: 4,
    ...spec,
  });
}

function rejects(file: string, path: string, text: RegExp): ConfigError {
  let caught: unknown;
  try {
    loadSearchSpec(file);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  const error = caught as ConfigError;
  expect(error.file).toBe(file);
  expect(error.path).toBe(path);
  expect(error.message).toMatch(text);
  return error;
}

describe('loadSearchSpec', () => {
  it('loads the example: base resolved against the spec folder, mode, trials, --trials override', () => {
    const spec = loadSearchSpec(join(ROOT, 'examples/search-digits.json'));
    expect(spec.baseFile).toBe(join(ROOT, 'examples/search-digits-base.json'));
    expect(spec.direction).toBe('maximize');
    expect(spec.metric).toBe('valAccuracy');
    expect(spec.trials).toBe(50);
    expect(spec.seed).toBe(13);
    expect(spec.name).toBe('search-digits');
    expect(Object.keys(spec.space)).toEqual([
      'optimizer.lr',
      'regularization.l2',
      'model.0.units',
      'batchSize',
      'model.2.rate',
    ]);
    expect(loadSearchSpec(join(ROOT, 'examples/search-digits.json'), { trials: 12 }).trials).toBe(
      12,
    );
  });

  it('takes the mode from the metric: losses are minimized, accuracies maximized', () => {
    expect(loadSearchSpec(specFile({ objective: 'valLoss' })).direction).toBe('minimize');
    expect(loadSearchSpec(specFile({ objective: { metric: 'valAccuracy' } })).direction).toBe(
      'maximize',
    );
    expect(
      loadSearchSpec(specFile({ objective: { metric: 'valLoss', mode: 'max' } })).direction,
    ).toBe('maximize');
  });

  it('rejects a path past the end of the model', () => {
    rejects(
      specFile({ space: { 'model.5.units': { choice: [8, 16] } } }),
      'space.model.5.units',
      /model/,
    );
  });

  it('rejects a path into a shorthand string layer', () => {
    rejects(
      specFile({ space: { 'model.1.alpha': { uniform: [0, 1] } } }),
      'space.model.1.alpha',
      /"relu"/,
    );
  });

  it('rejects a range whose end makes an invalid training config', () => {
    rejects(
      specFile({ space: { 'model.0.units': { int: [0, 64] } } }),
      'space.model.0.units',
      /low end of the range, 0/,
    );
    rejects(
      specFile({ space: { 'model.2.rate': { uniform: [0, 1.5] } } }),
      'space.model.2.rate',
      /high end of the range, 1\.5/,
    );
    rejects(
      specFile({ space: { 'optimizer.type': { choice: ['sgd', 'adamm'] } } }),
      'space.optimizer.type',
      /"adamm"/,
    );
  });

  it('rejects a bad range with the engine parser, prefixed with space.', () => {
    rejects(
      specFile({ space: { 'optimizer.lr': { logUniform: [0, 1] } } }),
      'space.optimizer.lr',
      /low must be > 0/,
    );
  });

  it('rejects a missing base file, naming the spec, the field and the base path', () => {
    const file = specFile({ base: 'nowhere.json' });
    const error = rejects(file, 'base', /not found/);
    expect(error.message).toContain(join(file, '..', 'nowhere.json'));
  });

  it('rejects unknown fields, methods and pruners, and a missing trial count', () => {
    rejects(specFile({ trails: 3 }), 'trails', /unknown field 'trails'.*trials/);
    rejects(specFile({ method: 'annealing' }), 'method', /unknown method "annealing"/);
    rejects(
      specFile({ pruner: { type: 'median', patience: 3 } }),
      'pruner.patience',
      /unknown option/,
    );
    rejects(specFile({ trials: undefined }), 'trials', /--trials/);
    rejects(
      specFile({ method: { type: 'coarseToFine', stages: [{ trials: 2, epochs: 1 }] }, trials: 3 }),
      'trials',
      /2/,
    );
  });

  it('accepts a method that sets its own budget without trials', () => {
    const spec = loadSearchSpec(
      specFile({ method: { type: 'grid', points: 3 }, trials: undefined }),
    );
    expect(spec.trials).toBeUndefined();
  });

  it('rejects a validation metric when the base has no validation split', () => {
    const { data, ...rest } = BASE;
    rejects(
      specFile({}, { ...rest, data: { source: data.source } }),
      'objective.metric',
      /data\.validation/,
    );
  });
});

describe('descent search with a bad spec', () => {
  it('exits 2 naming the spec file and path, before any trial runs (no study file)', async () => {
    const file = specFile({ space: { 'model.5.units': { choice: [8, 16] } } });
    const io = captureIO(join(file, '..'));
    const code = await main(['search', file, '--parallel', '1'], io);
    expect(code).toBe(2);
    expect(io.stderr).toContain(`${file}: space.model.5.units:`);
    expect(existsSync(file.replace(/\.json$/, '.study.sqlite'))).toBe(false);
    expect(existsSync(file.replace(/\.json$/, ''))).toBe(false);
  });

  it('exits 2 for a bad --trials flag', async () => {
    const io = captureIO(ROOT);
    expect(await main(['search', 'examples/search-digits.json', '--trials', '0'], io)).toBe(2);
    expect(io.stderr).toMatch(/--trials expects an integer >= 1/);
  });
});

describe('data files of the base', () => {
  it('rejects a base whose CSV file is missing, naming the base file and field', () => {
    const file = specFile(
      {},
      { ...BASE, data: { source: { type: 'csv', path: 'gone.csv', label: 'y' }, validation: 0.2 } },
    );
    let caught: unknown;
    try {
      loadSearchSpec(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).path).toBe('data.source.path');
    expect((caught as ConfigError).file).toBe(join(file, '..', 'base.json'));
  });
});

describe('a study file made with another space', () => {
  it('is refused before any trial runs, naming the spec file', async () => {
    const file = specFile({});
    const storage = new SqliteStorage(file.replace(/\.json$/, '.study.sqlite'));
    await Study.open({
      name: 'spec',
      space: { 'optimizer.lr': uniform(0, 1) },
      storage,
      direction: 'maximize',
    });
    await storage.close();
    const io = captureIO(join(file, '..'));
    expect(await main(['search', file, '--parallel', '1'], io)).toBe(2);
    expect(io.stderr).toContain(
      `${file}: space: study "spec" was created with another search space`,
    );
  });
});
