// Per-channel statistics for images: {"type": "standardize", "perChannel": true} learns one mean and
// one std per channel over every pixel of every training image (values worked out by hand), and
// applies them to each pixel of that channel; without a sample shape it is a config error.
import { describe, expect, it } from 'vitest';
import { applyPreprocess } from '../../src/data/preprocess/apply-preprocess.js';
import { fitApplyPreprocess } from '../../src/data/preprocess/fit-preprocess.js';
import { ConfigError } from '../../src/errors.js';

// Two images of shape [2, 1, 2] (2 channels of 1x2 pixels): channel 0 holds 1, 3 | 5, 7, channel 1
// holds 10, 10 | 20, 20. Channel 0: mean 4, population std sqrt((9 + 1 + 1 + 9) / 4) = sqrt(5);
// channel 1: mean 15, std 5.
const x = Float32Array.from([1, 3, 10, 10, 5, 7, 20, 20]);

describe('per-channel preprocessing', () => {
  it('standardize perChannel: one mean and std per channel, spread over its pixels', () => {
    const { frozen, x: out } = fitApplyPreprocess([{ type: 'standardize', perChannel: true }], x, 2, 4, 'data.preprocess', [2, 1, 2]);
    const s5 = Math.sqrt(5);
    expect(frozen.steps[0]).toEqual({ type: 'standardize', mean: [4, 4, 15, 15], std: [s5, s5, 5, 5] });
    const want = [-3 / s5, -1 / s5, -1, -1, 1 / s5, 3 / s5, 1, 1];
    Array.from(out).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
    // Other data gets the training statistics.
    const other = applyPreprocess(frozen, Float32Array.from([4, 4 + s5, 15, 25]), 1);
    Array.from(other).forEach((v, i) => expect(v).toBeCloseTo([0, 1, 0, 2][i]!, 5));
  });

  it('center perChannel subtracts the channel means; the per-feature default subtracts each pixel\'s', () => {
    const per = fitApplyPreprocess([{ type: 'center', perChannel: true }], x, 2, 4, 'data.preprocess', [2, 1, 2]);
    expect(per.frozen.steps[0]).toEqual({ type: 'center', mean: [4, 4, 15, 15] });
    const plain = fitApplyPreprocess(['center'], x, 2, 4, 'data.preprocess', [2, 1, 2]);
    expect(plain.frozen.steps[0]).toEqual({ type: 'center', mean: [3, 5, 15, 15] });
  });

  it('without an image shape, or after pca, perChannel names the step and what it needs', () => {
    expect(() => fitApplyPreprocess([{ type: 'standardize', perChannel: true }], x, 2, 4)).toThrow(ConfigError);
    expect(() => fitApplyPreprocess([{ type: 'standardize', perChannel: true }], x, 2, 4)).toThrow(
      /data\.preprocess\.0\.perChannel: per-channel statistics need images \[channels, height, width\]: the data has no sample shape/);
    expect(() => fitApplyPreprocess([{ type: 'pca', components: 2 }, { type: 'center', perChannel: true }], x, 2, 4, 'data.preprocess', [2, 1, 2]))
      .toThrow(/data\.preprocess\.1\.perChannel/);
    expect(() => fitApplyPreprocess([{ type: 'center', perChannel: 'yes' }], x, 2, 4)).toThrow(/data\.preprocess\.0\.perChannel: must be true or false/);
  });
});
