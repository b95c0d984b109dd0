import { describe, expect, it } from 'vitest';
import { tensor } from '../../src/index.js';

describe('smoke', () => {
  it('differentiates x*x summed: d/dx = 2x (by hand)', () => {
    const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    x.mul(x).sum().backward();
    expect(x.grad?.toArray()).toEqual([[2, 4], [6, 8]]);
  });
});
