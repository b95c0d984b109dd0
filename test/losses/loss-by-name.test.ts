import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { huber } from '../../src/losses/huber.js';
import { LOSS_NAMES, lossByName } from '../../src/losses/loss-by-name.js';
import { tensor } from '../../src/tensor/create.js';

describe('lossByName', () => {
  it('knows every config name and the kind of target it reads', () => {
    expect(LOSS_NAMES.map((n) => [n, lossByName(n).kind])).toEqual([
      ['softmaxCrossEntropy', 'classification'],
      ['svm', 'classification'],
      ['mse', 'regression'],
      ['l1', 'regression'],
      ['huber', 'regression'],
      ['binaryCrossEntropy', 'classification'],
    ]);
  });

  it('binds options', () => {
    const p = tensor([[3]]);
    expect(lossByName('huber', { delta: 2 }).fn(p, [0]).item()).toBe(
      huber(p, [0], { delta: 2 }).item(),
    );
    expect(lossByName('huber', { delta: 2 }).fn(p, [0]).item()).toBe(2 * (3 - 1)); // delta (|d| - delta / 2)
  });

  it('names the field of a bad name or option', () => {
    expect(() => lossByName('softmaxCrossEntropi')).toThrow(ConfigError);
    expect(() => lossByName('softmaxCrossEntropi')).toThrow(
      "loss.type: unknown loss 'softmaxCrossEntropi' (did you mean 'softmaxCrossEntropy'?)",
    );
    expect(() => lossByName('mse', { delta: 1 })).toThrow('loss.delta');
  });
});
