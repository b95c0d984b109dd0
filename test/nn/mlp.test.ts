import { describe, expect, it } from 'vitest';
import { Linear } from '../../src/nn/layers/linear.js';
import { Tanh } from '../../src/nn/layers/tanh.js';
import { mlp } from '../../src/nn/mlp.js';
import { Rng } from '../../src/tensor/rng.js';

describe('mlp', () => {
  it("builds an N-layer network in the notes' counting, with no activation after the output layer", () => {
    const net = mlp(2, [100, 50, 3], { activation: 'tanh', rng: new Rng(0) });
    expect(net.layers.map((l) => l.constructor.name)).toEqual([
      'Linear',
      'Tanh',
      'Linear',
      'Tanh',
      'Linear',
    ]);
    expect(net.layers.filter((l) => l instanceof Linear)).toHaveLength(3);
    expect(net.layers.at(-1)).toBeInstanceOf(Linear);
    expect(net.layers[1]).toBeInstanceOf(Tanh);
    expect((net.layers[2] as Linear).weight.shape).toEqual([100, 50]);
    expect(() => mlp(2, [])).toThrow(/sizes/);
  });
});
