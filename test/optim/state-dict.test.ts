import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { adagrad, adam, adamw, rmsprop, sgd } from '../../src/optim/aliases.js';
import { lbfgs } from '../../src/optim/lbfgs.js';
import { Optimizer, type ParameterOptimizer } from '../../src/optim/optimizer.js';
import type { ParamsInput } from '../../src/optim/params.js';
import { tensor } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** Two parameters, float64 and float32, named like a module's. */
function makeParams(values?: [number[], number[]]): [string, Tensor][] {
  const [a, b] = values ?? [
    [0.5, -1.5, 2],
    [1, -0.25],
  ];
  const w = tensor(a, { dtype: 'float64', requiresGrad: true });
  const v = tensor(b, { dtype: 'float32', requiresGrad: true });
  w.grad = tensor(new Float64Array(3));
  v.grad = tensor(new Float32Array(2));
  return [
    ['layer.weight', w],
    ['layer.bias', v],
  ];
}

/** A smooth loss with a hand-written gradient: sum of (x^2 + sin x) over all elements. */
function loss(params: [string, Tensor][]): number {
  let f = 0;
  for (const [, p] of params) {
    for (let j = 0; j < p.size; j++) {
      const x = p.data[j]!;
      p.grad!.data[j] = 2 * x + Math.cos(x);
      f += x * x + Math.sin(x);
    }
  }
  return f;
}

type Make = (params: ParamsInput) => ParameterOptimizer;
const OPTIMIZERS: [string, Make][] = [
  ['sgd', (p) => new Optimizer(p, sgd({ lr: 0.1 }))],
  [
    'sgd nesterov',
    (p) => new Optimizer(p, sgd({ lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 })),
  ],
  ['adam', (p) => new Optimizer(p, adam({ lr: 0.05 }))],
  ['adamw', (p) => new Optimizer(p, adamw({ lr: 0.05 }))],
  ['adagrad', (p) => new Optimizer(p, adagrad({ lr: 0.1 }))],
  ['rmsprop', (p) => new Optimizer(p, rmsprop({ lr: 0.01 }))],
  ['lbfgs', (p) => lbfgs(p, { maxIter: 2, history: 3 })],
];

function run(opt: ParameterOptimizer, params: [string, Tensor][], steps: number): void {
  for (let i = 0; i < steps; i++) {
    if (opt.type === 'lbfgs') opt.step(() => loss(params));
    else {
      loss(params);
      opt.step();
    }
  }
}

const values = (params: [string, Tensor][]): number[][] => params.map(([, p]) => p.toFlatArray());

describe.each(OPTIMIZERS)('%s: save, restore into a fresh optimizer, continue', (_name, make) => {
  it('gives parameters identical to an uninterrupted run', () => {
    const straight = makeParams();
    const optA = make(straight);
    optA.lr *= 0.5;
    run(optA, straight, 6);

    const first = makeParams();
    const optB = make(first);
    optB.lr *= 0.5;
    run(optB, first, 3);
    const saved = JSON.parse(JSON.stringify(optB.stateDict())) as unknown;
    const resumed = makeParams(values(first) as [number[], number[]]);
    const optC = make(resumed);
    optC.loadStateDict(saved);
    expect(optC.stepCount).toBe(3);
    expect(optC.lr).toBe(optB.lr);
    run(optC, resumed, 3);

    expect(values(resumed)).toEqual(values(straight));
    expect(optC.stepCount).toBe(6);
    expect(values(straight)).not.toEqual(values(makeParams())); // it did move
  });
});

describe('loadStateDict validation', () => {
  const saved = (): unknown => {
    const params = makeParams();
    const opt = new Optimizer(params, adam());
    run(opt, params, 2);
    return JSON.parse(JSON.stringify(opt.stateDict()));
  };

  it('rejects the state of another optimizer type', () => {
    const opt = new Optimizer(makeParams(), sgd());
    expect(() => opt.loadStateDict(saved())).toThrow(DataError);
    expect(() => opt.loadStateDict(saved())).toThrow(
      /type: the state dict is for 'adam', this optimizer is 'sgd'/,
    );
  });

  it('rejects other parameter names, shapes and dtypes', () => {
    const renamed = makeParams().map(
      ([n, t], i) => [i === 1 ? 'layer.b' : n, t] as [string, Tensor],
    );
    expect(() => new Optimizer(renamed, adam()).loadStateDict(saved())).toThrow(
      /params.1.name: expected parameter 'layer.b', got "layer.bias"/,
    );
    const reshaped = makeParams([
      [1, 2, 3, 4],
      [1, 2],
    ]);
    expect(() => new Optimizer(reshaped, adam()).loadStateDict(saved())).toThrow(
      /params.0.shape: parameter 'layer.weight' has shape \[4\], the state dict \[3\]/,
    );
    const w = tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    const retyped: [string, Tensor][] = [['layer.weight', w], makeParams()[1]!];
    expect(() => new Optimizer(retyped, adam()).loadStateDict(saved())).toThrow(/params.0.dtype/);
    expect(() => new Optimizer(makeParams().slice(0, 1), adam()).loadStateDict(saved())).toThrow(
      /holds 2 parameters, this optimizer has 1/,
    );
  });

  it('rejects a damaged state and leaves the optimizer unchanged', () => {
    const params = makeParams();
    const opt = new Optimizer(params, adam());
    run(opt, params, 1);
    const before = JSON.stringify(opt.stateDict());
    const bad = saved() as {
      state: { nu: { base64: string; length: number }[] }[];
      stepCount: number;
    };
    bad.stepCount = 7;
    bad.state[1]!.nu[1]!.length = 3;
    expect(() => opt.loadStateDict(bad)).toThrow(/state.1.nu.1: expected 2 elements, got 3/);
    expect(JSON.stringify(opt.stateDict())).toBe(before);
    expect(() => opt.loadStateDict({ format: 'something else' })).toThrow(/format/);
    expect(() => opt.loadStateDict(null)).toThrow(DataError);
  });

  it('stores typed arrays as little-endian base64 and non-finite numbers as names', () => {
    const w = tensor([1], { dtype: 'float32', requiresGrad: true });
    w.grad = tensor(new Float32Array([1]));
    const opt = new Optimizer([w], sgd({ lr: 1, momentum: 0.5 }));
    opt.step();
    const dict = opt.stateDict();
    // velocity = -1: float32 bits 0xBF800000, little-endian bytes 00 00 80 BF
    expect(JSON.stringify(dict.state)).toContain('"base64":"AACAvw=="');
    expect(dict.params).toEqual([{ name: '0', shape: [1], dtype: 'float32' }]);
  });
});
