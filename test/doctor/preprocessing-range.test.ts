// The doctor's preprocessing check against what each step really leaves (apply-step.ts), through the
// same path as `descent doctor CONFIG`: a config, buildExperiment's preprocessing, the check.
import { describe, expect, it } from 'vitest';
import { doctorInputFromConfig } from '../../src/cli/commands/doctor.js';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';
import { preprocessingCheck } from '../../src/doctor/data-checks.js';
import { blobs, fixture } from './fixtures.js';

/** The spiral example with `preprocess` (spiral's features lie in about [-1, 1] but not exactly). */
function spiralWith(preprocess: unknown[]) {
  return parseTrainConfig({
    seed: 1,
    data: { source: { type: 'spiral', classes: 3, pointsPerClass: 50, noise: 0.2 }, preprocess },
    model: [{ type: 'linear', units: 8 }, 'relu', { type: 'linear', units: 3 }],
    loss: 'softmaxCrossEntropy',
    optimizer: { type: 'sgd', lr: 0.1 },
    epochs: 1,
    batchSize: 50,
  }, 'spiral-preprocess.json');
}

describe('data: preprocessing, on what each step really leaves', () => {
  it.each([['minmax'], ['standardize'], ['center'], ['whiten'], [{ type: 'pca', components: 2 }], [{ type: 'pca', components: 1 }, 'whiten']])(
    'passes a config whose last step is %j',
    (...steps) => {
      const check = preprocessingCheck(doctorInputFromConfig(spiralWith(steps)));
      expect(check.status, JSON.stringify(check)).toBe('pass');
    },
  );

  it('minmax: reads the range [-1, 1] it maps the training min and max to', () => {
    const check = preprocessingCheck(doctorInputFromConfig(spiralWith(['minmax'])));
    // Each feature's min maps to (min - mid) * 2 / (max - min) = -1 and its max to +1.
    expect(check).toMatchObject({ status: 'pass', value: 'range -1 .. 1', expected: 'within [-1, 1]' });
  });

  it('minmax: still fails features outside [-1, 1]', () => {
    const ds = blobs();
    // Features in [0, 2]: the shape a minmax to [0, 2] (or none at all) would leave.
    const wide = { ...ds, x: ds.x.map((_, i) => (i % 7) / 3) };
    const check = preprocessingCheck(fixture({ ds: wide, preprocess: ['minmax'] }));
    expect(check.status).toBe('fail');
    expect(check.hint).toBe('minmax left features outside [-1, 1]');
  });

  it('whiten: fails features with std above 1, which whitening cannot leave', () => {
    const ds = blobs();
    // Zero-mean columns of +-3: std 3.
    const loud = { ...ds, x: ds.x.map((_, i) => (Math.floor(i / 4) % 2 === 0 ? 3 : -3)) };
    expect(preprocessingCheck(fixture({ ds: loud, preprocess: ['center'] })).status).toBe('pass');
    expect(preprocessingCheck(fixture({ ds: loud, preprocess: ['whiten'] })).status).toBe('fail');
  });
});
