// epochs: 1e12 is a typo that would train until killed: the config refuses it at `epochs`.
import { describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../src/config/node/load-config-file.js';

const config = (epochs: number) => ({
  data: { source: { type: 'spiral', classes: 3, pointsPerClass: 10 } },
  model: [{ type: 'linear', units: 3 }], loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, epochs,
});

describe('epochs', () => {
  it('refuses 1e12 with the limit named at the field', () => {
    expect(() => parseTrainConfig(config(1e12), 'c.json')).toThrow(/c\.json: epochs: at most 10000000 epochs \(10 million\)/);
  });
  it('accepts ten million exactly', () => {
    expect(parseTrainConfig(config(10_000_000), 'c.json').epochs).toBe(10_000_000);
  });
});
