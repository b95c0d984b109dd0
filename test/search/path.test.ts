import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { applyParams, checkSpacePaths } from '../../src/search/apply-params.js';
import { getPath, setPath } from '../../src/search/path.js';
import { choice, logUniform, uniform } from '../../src/search/space.js';

const config = {
  optimizer: { type: 'sgd', lr: 0.1 },
  regularization: { l2: 0 },
  batchSize: 32,
  model: [{ type: 'linear', units: 16 }, 'relu', { type: 'dropout', rate: 0.1 }],
};

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('config paths', () => {
  it('reads fields, array elements and fields inside array elements', () => {
    expect(getPath(config, 'optimizer.lr')).toBe(0.1);
    expect(getPath(config, 'batchSize')).toBe(32);
    expect(getPath(config, 'model.0.units')).toBe(16);
    expect(getPath(config, 'model.1')).toBe('relu');
    expect(getPath(config, 'model.2.rate')).toBe(0.1);
  });

  it('names the path and the missing segment', () => {
    const e = configError(() =>
      getPath(config, 'optimizer.learningRate', { errorPrefix: 'space' }),
    );
    expect(e.path).toBe('space.optimizer.learningRate');
    expect(e.message).toContain('optimizer has no field "learningRate"');
    const idx = configError(() => getPath(config, 'model.3.units'));
    expect(idx.path).toBe('model.3.units');
    expect(idx.message).toContain('model has 3 element(s), so index 3 does not exist');
    expect(configError(() => getPath(config, 'model.first')).message).toContain(
      'model is an array',
    );
    expect(configError(() => getPath(config, 'optimizer..lr')).message).toContain(
      'invalid field path',
    );
  });

  it('rejects a field inside a shorthand string layer clearly', () => {
    const e = configError(() =>
      setPath(structuredClone(config), 'model.1.alpha', 0.1, { errorPrefix: 'space' }),
    );
    expect(e.path).toBe('space.model.1.alpha');
    expect(e.message).toContain(
      'model.1 is the string "relu", not an object, so it has no field "alpha"',
    );
  });

  it('writes in place, refusing new fields unless allowed', () => {
    const c = structuredClone(config);
    setPath(c, 'model.0.units', 64);
    setPath(c, 'model.1', 'tanh');
    expect(c.model[0]).toEqual({ type: 'linear', units: 64 });
    expect(c.model[1]).toBe('tanh');
    expect(configError(() => setPath(c, 'regularization.l1', 1e-3)).message).toContain(
      'regularization has no field "l1"',
    );
    setPath(c, 'regularization.l1', 1e-3, { allowNewField: true });
    expect(c.regularization).toEqual({ l2: 0, l1: 1e-3 });
  });

  it('applyParams copies the base and checkSpacePaths finds bad paths before any trial', () => {
    const out = applyParams(config, {
      'optimizer.lr': 0.01,
      'model.2.rate': 0.3,
      'model.0.units': 32,
    });
    expect(out.optimizer.lr).toBe(0.01);
    expect((out.model[2] as { rate: number }).rate).toBe(0.3);
    expect(config.optimizer.lr).toBe(0.1);
    checkSpacePaths(
      { 'optimizer.lr': logUniform(1e-4, 1), 'model.0.units': choice([16, 32]) },
      config,
    );
    const e = configError(() => checkSpacePaths({ 'model.1.alpha': uniform(0, 1) }, config));
    expect(e.path).toBe('space.model.1.alpha');
  });
});
