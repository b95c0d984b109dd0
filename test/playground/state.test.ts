// The playground's state is a descent train config: controls -> config -> URL hash -> config ->
// controls must give back what went in, and the hash is validated as `descent train` validates.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { CASE_STUDY, configOf, type Settings, settingsOf } from '../../src/playground/settings.js';
import { configFromHash, hashOf } from '../../src/playground/state.js';

// The notes' case study as examples/spiral.json writes it, by hand: 3 arms of 100 points, one hidden
// layer of 100 ReLU units, softmax, L2 1e-3, SGD lr 1 on the full batch of 300.
const NOTES_CASE_STUDY = {
  seed: 1,
  data: { source: { type: 'spiral', classes: 3, pointsPerClass: 100, noise: 0.2 } },
  model: [{ type: 'linear', units: 100, init: 'small' }, 'relu', { type: 'linear', units: 3, init: 'small' }],
  loss: 'softmaxCrossEntropy',
  regularization: { l2: 1e-3 },
  optimizer: { type: 'sgd', lr: 1 },
  epochs: 10000,
  batchSize: 300,
};

const DEEP: Settings = {
  ...CASE_STUDY, dataset: 'blobs', classes: 4, points: 200, noise: 0.1, split: 0.25, seed: 7, features: ['x2', 'sin'], preprocess: 'pca',
  layers: [
    { units: 16, activation: 'tanh', batchnorm: true, dropout: 0.2 },
    { units: 8, activation: 'maxout', batchnorm: false, dropout: 0 },
    { units: 4, activation: 'none', batchnorm: false, dropout: 0 },
  ],
  init: 'xavier', loss: 'svm', l1: 1e-4, l2: 0, maxnorm: 3, optimizer: 'nesterov', lr: 0.03, schedule: 'cosine',
  momentumAnneal: true, batchSize: 32, epochs: 200,
};

describe('playground state', () => {
  it("writes the case study as the notes' config", () => {
    expect(configOf(CASE_STUDY)).toEqual(NOTES_CASE_STUDY);
  });

  it('reads back the controls of every config it writes', () => {
    expect(settingsOf(configOf(CASE_STUDY))).toEqual(CASE_STUDY);
    expect(settingsOf(configOf(DEEP))).toEqual(DEEP);
  });

  it('round-trips a config through the URL hash unchanged', () => {
    for (const config of [NOTES_CASE_STUDY, configOf(DEEP)]) {
      const hash = hashOf(config);
      expect(hash.startsWith('#config=')).toBe(true);
      expect(configFromHash(hash)?.raw).toEqual(config);
    }
  });

  it('keeps placed points as an inline source', () => {
    const custom = { ...CASE_STUDY, custom: [[0.1, 0.2, 0], [-0.3, 0.4, 1], [0.5, -0.5, 2]] };
    const config = configOf(custom);
    expect((config['data'] as { source: unknown }).source).toEqual({ type: 'points', points: custom.custom });
    expect(configFromHash(hashOf(config))?.raw).toEqual(config);
    expect(settingsOf(config).custom).toEqual(custom.custom);
  });

  it('has no config in a hash without one', () => {
    expect(configFromHash('')).toBeUndefined();
    expect(configFromHash('#section-2')).toBeUndefined();
  });

  it("refuses a hash config with descent train's message naming the field", () => {
    const bad = { ...NOTES_CASE_STUDY, optimizer: { type: 'sgd', lr: -1 } };
    expect(() => configFromHash(hashOf(bad))).toThrow(ConfigError);
    expect(() => configFromHash(hashOf(bad))).toThrow(/optimizer\.lr/);
    expect(() => configFromHash(hashOf({ ...NOTES_CASE_STUDY, epoch: 3 }))).toThrow(/unknown field 'epoch' \(did you mean 'epochs'\?\)/);
    expect(() => configFromHash('#config=%7Bnot json')).toThrow(/not JSON/);
  });
});
