// A grid's size is checked before its values are listed: a huge `points` is refused with a
// ConfigError at method.points instead of hanging in the listing (which took one step per point,
// each scanning the values so far).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSearchSpec } from '../../src/config/node/search-spec.js';
import { ConfigError } from '../../src/errors.js';
import { gridPoints, gridValues } from '../../src/search/samplers/grid.js';
import { int, uniform } from '../../src/search/space.js';
import { tempDir, writeJson } from '../search-cli/helpers.js';

function refusal(fn: () => unknown): ConfigError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  return caught as ConfigError;
}

describe('grid size', () => {
  it('refuses points: 1e9 on one float axis at method.points', () => {
    const error = refusal(() => gridPoints({ x: uniform(0, 1) }, 1e9));
    expect(error.path).toBe('method.points');
    expect(error.message).toMatch(/1000000000 points \(more than 1000000\)/);
  });

  it('refuses points: 1e9 on an int axis too (its 4 integers do not make the listing cheap)', () => {
    expect(() => gridValues(int(1, 4), 1e9)).toThrow(ConfigError);
  });

  it('refuses a product over a million from the axis counts: 2000 x 2000 = 4e6', () => {
    const error = refusal(() => gridPoints({ a: uniform(0, 1), b: uniform(0, 1) }, 2000));
    expect(error.message).toMatch(/would have up to 4000000 points/);
  });

  it('counts an int axis by its integers: int [1, 4] with 1000 points is 4 values', () => {
    // 1000 points over [1, 4] step 3/999 < 1, so rounding reaches each of 1, 2, 3, 4.
    expect(gridValues(int(1, 4), 1000)).toEqual([1, 2, 3, 4]);
    // The bound is 4 (not 300 000) for the int axis times 300 000 for the float one: 1.2e6.
    expect(() => gridPoints({ n: int(1, 4), x: uniform(0, 1) }, 300_000)).toThrow(
      /would have up to 1200000 points/,
    );
  });

  it('a spec with a 1e9-point grid is refused when it loads, naming the spec file', () => {
    const dir = tempDir('grid');
    writeJson(dir, 'base.json', {
      data: { source: 'digits', validation: 0.2 },
      model: [{ type: 'linear', units: 10 }],
      loss: 'softmaxCrossEntropy',
      optimizer: { type: 'sgd', lr: 0.01 },
      epochs: 1,
    });
    const file = join(dir, 'spec.json');
    const spec = {
      base: 'base.json',
      space: { 'optimizer.lr': { logUniform: [1e-4, 1] } },
      objective: 'valAccuracy',
      method: { type: 'grid', points: 1e9 },
    };
    const error = refusal(() => parseSearchSpec(spec, file));
    expect(error.file).toBe(file);
    expect(error.path).toBe('method.points');
  });
});
