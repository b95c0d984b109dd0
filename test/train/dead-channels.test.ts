// Dead relu units of a convolution are channels: a filter whose relu output is zero at every position
// of every example. The outputs below are set by hand so the count is known.
import { describe, expect, it } from 'vitest';
import { deadReluFractions } from '../../src/train/metrics/dead-relu.js';
import { buildModel } from '../../src/nn/from-config.js';
import { tensor } from '../../src/tensor/create.js';

describe('dead relu fraction of a conv layer', () => {
  it('counts channels never active anywhere: 2 of 4 filters', () => {
    // A 1x1 conv over one channel: filter f multiplies the pixel by w[f] and adds b[f]. With all pixels
    // in [1, 2]: w = [1, -1, 0, 0.5] and b = [0, 0, -1, -0.25] leave filters 1 (negative) and 2 (-1) off
    // everywhere, and 3 on (0.25 .. 0.75).
    const model = buildModel([{ type: 'conv2d', filters: 4, kernel: 1 }, 'relu'], { inputShape: [1, 2, 3], dtype: 'float64' });
    model.loadStateDict({
      'layers.0.weight': tensor([1, -1, 0, 0.5], { shape: [4, 1, 1, 1], dtype: 'float64' }),
      'layers.0.bias': tensor([0, 0, -1, -0.25], { dtype: 'float64' }),
    });
    const x = tensor([1, 2, 1.5, 1, 2, 1, 2, 2, 1.25, 1.75, 1, 1], { shape: [2, 6], dtype: 'float64' });
    expect(deadReluFractions(model, x)).toEqual({ 'layers.1': 0.5 });
  });

  it('a channel active at a single position of a single example is alive', () => {
    const model = buildModel([{ type: 'conv2d', filters: 1, kernel: 1 }, 'relu'], { inputShape: [1, 1, 3], dtype: 'float64' });
    model.loadStateDict({
      'layers.0.weight': tensor([1], { shape: [1, 1, 1, 1], dtype: 'float64' }),
      'layers.0.bias': tensor([-1.9], { dtype: 'float64' }),
    });
    // Only the 2 at example 1, position 2 passes the bias.
    const x = tensor([0, 1, 1, 1, 1, 2], { shape: [2, 3], dtype: 'float64' });
    expect(deadReluFractions(model, x)).toEqual({ 'layers.1': 0 });
  });
});
