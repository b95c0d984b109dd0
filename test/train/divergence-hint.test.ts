// The advice after a diverged run: standardizing is suggested only when no configured step already
// scales the features; a config that standardizes is told to lower the learning rate.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Dataset } from '../../src/data/dataset.js';
import { divergenceAdvice } from '../../src/train/divergence-hint.js';
import { captureIO, example, tempDir, writeJson } from '../e2e/helpers.js';

/** Training data of one feature column holding `values`. */
function column(values: number[]) {
  const ds: Dataset = { x: Float32Array.from(values), y: new Float32Array(values.length), n: values.length, d: 1, yDim: 1, source: 'test' };
  return { ds, labels: null };
}

describe('divergenceAdvice', () => {
  const small = column([-1.5, 0, 2]);
  const large = column([0, 128, 255]);

  it.each(['standardize', 'minmax', 'whiten'])('after %s: a lower learning rate only', (step) => {
    expect(divergenceAdvice(small, ['center', step], 0.5)).toBe('Try a lower learning rate (it was 0.5).');
    expect(divergenceAdvice(small, [step])).toBe('Try a lower learning rate.');
  });

  it('after standardize, features still beyond |x| = 10 (outliers): clipping, not standardizing', () => {
    const advice = divergenceAdvice(large, ['standardize'], 0.1);
    expect(advice).toBe(
      'Try a lower learning rate (it was 0.1), or clip the gradients ("clipGradNorm" in the config): ' +
        'after standardize the input features still reach |x| = 255 (outliers).',
    );
    expect(advice).not.toMatch(/standardize them|"preprocess"/);
  });

  it('without a scaling step: standardize, with the magnitude when features are large', () => {
    expect(divergenceAdvice(small, [], 0.5)).toBe('Try a lower learning rate (it was 0.5), or standardize the input features.');
    expect(divergenceAdvice(small, ['center'])).toBe('Try a lower learning rate, or standardize the input features.');
    expect(divergenceAdvice(large, ['pca'], 1)).toBe(
      'Try a lower learning rate (it was 1), or standardize the input features. The input features reach |x| = 255: ' +
        'standardize them (add "preprocess": ["standardize"] to the data section of the config)',
    );
  });
});

describe('descent train that diverges', () => {
  const run = async (preprocess: string[] | undefined) => {
    const dir = tempDir('diverge-hint');
    const source = { type: 'spiral', classes: 3, pointsPerClass: 50, noise: 0.2 };
    writeJson(dir, 'c.json', example('spiral.json', {
      epochs: 50, optimizer: { type: 'sgd', lr: 1e6 },
      data: preprocess === undefined ? { source } : { source, preprocess },
    }));
    const io = captureIO(dir);
    const code = await main(['train', 'c.json', '--quiet', '--out', 'run'], io);
    return { code, stderr: io.stderr };
  };

  it('with standardize configured: suggests a lower learning rate, not standardize', async () => {
    const { code, stderr } = await run(['standardize']);
    expect(code, stderr).toBe(3);
    expect(stderr).toMatch(/diverged: .*became (NaN|Infinity).*Try a lower learning rate \(it was 1000000\)\./);
    expect(stderr).not.toMatch(/standardize/i);
  });

  it('without preprocessing (the control): still suggests standardizing', async () => {
    const { code, stderr } = await run(undefined);
    expect(code, stderr).toBe(3);
    expect(stderr).toMatch(/Try a lower learning rate( \(it was 1000000\))?, or standardize the input features/);
  });
});
