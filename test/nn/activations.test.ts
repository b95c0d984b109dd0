// Forward values of the activation, linear and maxout layers against values worked out independently
// (by hand, from Math functions, or from published normal-CDF tables).
import { describe, expect, it } from 'vitest';
import { ELU, elu } from '../../src/nn/layers/elu.js';
import { GELU } from '../../src/nn/layers/gelu.js';
import { LeakyReLU } from '../../src/nn/layers/leaky-relu.js';
import { Linear } from '../../src/nn/layers/linear.js';
import { Maxout } from '../../src/nn/layers/maxout.js';
import { ReLU } from '../../src/nn/layers/relu.js';
import { Sigmoid } from '../../src/nn/layers/sigmoid.js';
import { Tanh } from '../../src/nn/layers/tanh.js';
import { ConfigError, DTypeError, ShapeError } from '../../src/errors.js';
import { tensor } from '../../src/tensor/create.js';
import { backward } from '../../src/autograd/backward.js';
import { sum } from '../../src/ops/sum.js';
import { Rng } from '../../src/tensor/rng.js';

const xs = [-3, -1, -0.5, 0.25, 2];
const row = (values: number[]) => tensor([values], { dtype: 'float64' });
const out = (t: { data: ArrayLike<number> }) => Array.from(t.data);

function expectClose(actual: number[], expected: number[], digits = 12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(a).toBeCloseTo(expected[i]!, digits));
}

describe('elementwise activations', () => {
  it('relu, sigmoid, tanh, leakyRelu match their formulas', () => {
    expectClose(out(new ReLU().forward(row(xs))), [0, 0, 0, 0.25, 2]);
    expectClose(
      out(new Sigmoid().forward(row(xs))),
      xs.map((v) => 1 / (1 + Math.exp(-v))),
    );
    expectClose(out(new Tanh().forward(row(xs))), xs.map(Math.tanh));
    expectClose(out(new LeakyReLU(0.1).forward(row(xs))), [-0.3, -0.1, -0.05, 0.25, 2]);
  });

  it('elu is alpha (e^x - 1) below 0 and x above, and does not overflow for large x', () => {
    expectClose(
      out(new ELU(2).forward(row(xs))),
      xs.map((v) => (v > 0 ? v : 2 * (Math.exp(v) - 1))),
    );
    expect(out(elu().forward(row([1000])))).toEqual([1000]);
    // exp must never see the large x: e^1000 = Infinity would turn the masked-out branch's 0 * Inf into NaN
    const x = row([1000, -1]);
    x.requiresGrad = true;
    backward(sum(elu(2).forward(x)));
    expect(out(x.grad!)).toEqual([1, expect.closeTo(2 * Math.exp(-1), 14)]);
  });

  it('exact gelu is x * Phi(x), to the 1.5e-7 of its erf approximation', () => {
    // Phi from standard normal tables: Phi(-2.5), Phi(-1), Phi(0.5), Phi(1), Phi(2).
    const points = [-2.5, -1, 0.5, 1, 2];
    const phi = [
      0.006209665325776132, 0.15865525393145707, 0.6914624612740131, 0.8413447460685429,
      0.9772498680518208,
    ];
    const y = out(new GELU().forward(row(points)));
    y.forEach((v, i) => expect(Math.abs(v - points[i]! * phi[i]!)).toBeLessThan(3e-7));
    expect(out(new GELU().forward(row([0])))).toEqual([0]);
  });

  it("gelu 'tanh' is 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))", () => {
    const ref = xs.map(
      (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))),
    );
    expectClose(out(new GELU({ approximate: 'tanh' }).forward(row(xs))), ref);
  });

  it('reject bad options with the option name', () => {
    expect(() => new LeakyReLU(Number.NaN)).toThrow(ConfigError);
    expect(() => new GELU({ approximate: 'erf' as 'none' })).toThrow(/approximate/);
  });
});

describe('linear', () => {
  it('computes x W + b with W of shape (in, out) (worked by hand)', () => {
    const layer = new Linear(2, 3, { dtype: 'float64', rng: new Rng(0) });
    layer.weight.data.set([1, 2, 3, 4, 5, 6]); // W = [[1, 2, 3], [4, 5, 6]]
    layer.bias!.data.set([0.5, -1, 0]);
    // [1, 1] W = [5, 7, 9]; [2, -1] W = [-2, -1, 0]
    expect(
      layer
        .forward(
          tensor(
            [
              [1, 1],
              [2, -1],
            ],
            { dtype: 'float64' },
          ),
        )
        .toArray(),
    ).toEqual([
      [5.5, 6, 9],
      [-1.5, -2, 0],
    ]);
  });

  it('names the expected input shape and dtype in its errors', () => {
    const layer = new Linear(2, 3, { rng: new Rng(0) });
    expect(() => layer.forward(tensor([[1, 2, 3]]))).toThrow(ShapeError);
    expect(() => layer.forward(tensor([[1, 2, 3]]))).toThrow('(N,2)');
    expect(() => layer.forward(tensor([[1, 2]], { dtype: 'float64' }))).toThrow(DTypeError);
    expect(() => new Linear(0, 3)).toThrow(/inFeatures.*got 0/);
    expect(() => new Linear(2, 1.5)).toThrow(/units.*got 1.5/);
  });
});

describe('maxout', () => {
  it('takes the max over each unit’s pieces (worked by hand)', () => {
    const layer = new Maxout(2, 2, 2, { dtype: 'float64', rng: new Rng(0) });
    // columns: unit 0 piece 0, unit 0 piece 1, unit 1 piece 0, unit 1 piece 1
    layer.weight.data.set([1, -1, 2, 0, 0, 1, 0, 3]);
    layer.bias.data.set([0, 0, 0.5, 1]);
    // W = [[1, -1, 2, 0], [0, 1, 0, 3]], b = [0, 0, 0.5, 1]
    // x = [2, 1]: z = [2, -1, 4.5, 4] -> [max(2, -1), max(4.5, 4)] = [2, 4.5]
    // x = [-1, 3]: z = [-1, 4, -1.5, 10] -> [4, 10]
    expect(
      layer
        .forward(
          tensor(
            [
              [2, 1],
              [-1, 3],
            ],
            { dtype: 'float64' },
          ),
        )
        .toArray(),
    ).toEqual([
      [2, 4.5],
      [4, 10],
    ]);
  });

  it('has twice the parameters of a linear layer with k = 2 pieces', () => {
    const rng = new Rng(0);
    expect(new Maxout(10, 32, 2, { rng }).parameterCount()).toBe(
      2 * new Linear(10, 32, { rng }).parameterCount(),
    );
    expect(() => new Maxout(10, 32, 1)).toThrow(/pieces.*>= 2/);
  });
});
