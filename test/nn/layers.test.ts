// Conformance rows for every layer: output shape, parameter count, gradcheck in float64 (input and
// every parameter), and a stateDict round trip into a fresh layer giving identical outputs.
import { describe, expect, it } from 'vitest';
// gradcheck calls out.backward(), a method that importing the ops installs.
import '../../src/ops/index.js';
import { gradcheck } from '../../src/check/gradcheck.js';
import { BatchNorm } from '../../src/nn/layers/batch-norm.js';
import { Dropout } from '../../src/nn/layers/dropout.js';
import { ELU } from '../../src/nn/layers/elu.js';
import { GELU } from '../../src/nn/layers/gelu.js';
import { LeakyReLU } from '../../src/nn/layers/leaky-relu.js';
import { Linear } from '../../src/nn/layers/linear.js';
import { Maxout } from '../../src/nn/layers/maxout.js';
import { ReLU } from '../../src/nn/layers/relu.js';
import { Sequential } from '../../src/nn/layers/sequential.js';
import { Sigmoid } from '../../src/nn/layers/sigmoid.js';
import { Tanh } from '../../src/nn/layers/tanh.js';
import type { Module } from '../../src/nn/module.js';
import { randn } from '../../src/tensor/create.js';
import { Rng } from '../../src/tensor/rng.js';

interface Row {
  name: string;
  /** Builds the layer in float64 from a seed (different seeds give different weights). */
  make: (seed: number) => Module;
  input: [number, number];
  output: [number, number];
  params: number;
}

const f64 = (seed: number) => ({ dtype: 'float64' as const, rng: new Rng(seed) });

const ROWS: Row[] = [
  {
    name: 'linear',
    make: (s) => new Linear(4, 3, f64(s)),
    input: [5, 4],
    output: [5, 3],
    params: 4 * 3 + 3,
  },
  {
    name: 'linear without bias',
    make: (s) => new Linear(4, 3, { ...f64(s), bias: false }),
    input: [5, 4],
    output: [5, 3],
    params: 12,
  },
  {
    name: 'maxout k=2',
    make: (s) => new Maxout(4, 3, 2, f64(s)),
    input: [5, 4],
    output: [5, 3],
    params: 2 * (4 * 3 + 3),
  },
  {
    name: 'maxout k=3',
    make: (s) => new Maxout(3, 2, 3, f64(s)),
    input: [4, 3],
    output: [4, 2],
    params: 3 * (3 * 2 + 2),
  },
  { name: 'relu', make: () => new ReLU(), input: [3, 4], output: [3, 4], params: 0 },
  { name: 'sigmoid', make: () => new Sigmoid(), input: [3, 4], output: [3, 4], params: 0 },
  { name: 'tanh', make: () => new Tanh(), input: [3, 4], output: [3, 4], params: 0 },
  { name: 'leakyRelu', make: () => new LeakyReLU(0.1), input: [3, 4], output: [3, 4], params: 0 },
  { name: 'elu', make: () => new ELU(1.5), input: [3, 4], output: [3, 4], params: 0 },
  { name: 'gelu', make: () => new GELU(), input: [3, 4], output: [3, 4], params: 0 },
  {
    name: 'gelu tanh',
    make: () => new GELU({ approximate: 'tanh' }),
    input: [3, 4],
    output: [3, 4],
    params: 0,
  },
  {
    name: 'batchNorm (train)',
    make: () => new BatchNorm(4, { dtype: 'float64' }),
    input: [6, 4],
    output: [6, 4],
    params: 8,
  },
  {
    name: 'sequential',
    make: (s) =>
      new Sequential([new Linear(3, 5, f64(s)), new Tanh(), new Linear(5, 2, f64(s + 1))]),
    input: [4, 3],
    output: [4, 2],
    params: 3 * 5 + 5 + 5 * 2 + 2,
  },
  {
    // Sequential runs linear + relu and linear + sigmoid as fused primitives.
    name: 'sequential with fused relu and sigmoid',
    make: (s) =>
      new Sequential([new Linear(3, 5, f64(s)), new ReLU(), new Linear(5, 2, f64(s + 1)), new Sigmoid()]),
    input: [4, 3],
    output: [4, 2],
    params: 3 * 5 + 5 + 5 * 2 + 2,
  },
  {
    name: 'linear with its own tanh',
    make: (s) => new Linear(4, 3, { ...f64(s), activation: 'tanh' }),
    input: [5, 4],
    output: [5, 3],
    params: 4 * 3 + 3,
  },
];

describe('Sequential fusing linear + activation', () => {
  it.each([['relu', ReLU], ['tanh', Tanh], ['sigmoid', Sigmoid]] as const)(
    'linear + %s gives the values of the two layers run one after the other',
    (_name, Act) => {
      const lin = new Linear(6, 4, f64(7));
      lin.bias!.data.set([0.3, -0.2, 0.1, -0.5]);
      const act = new Act();
      const x = randn([5, 6], { dtype: 'float64', seed: 8 });
      const fused = new Sequential([lin, act]).forward(x).toFlatArray();
      const separate = act.forward(lin.forward(x)).toFlatArray();
      // Reference written out: act(x W + b) from the raw arrays.
      const xa = x.toFlatArray();
      const w = lin.weight.toFlatArray();
      const f = { relu: (z: number) => Math.max(0, z), tanh: Math.tanh, sigmoid: (z: number) => 1 / (1 + Math.exp(-z)) }[_name];
      for (let r = 0; r < 5; r++) {
        for (let c = 0; c < 4; c++) {
          let z = [0.3, -0.2, 0.1, -0.5][c]!;
          for (let k = 0; k < 6; k++) z += xa[r * 6 + k]! * w[k * 4 + c]!;
          expect(fused[r * 4 + c]).toBeCloseTo(f(z), 12);
          expect(fused[r * 4 + c]).toBeCloseTo(separate[r * 4 + c]!, 12);
        }
      }
    },
  );
});

describe.each(ROWS)('layer $name', (row) => {
  it('gives the expected output shape and parameter count', () => {
    const layer = row.make(1);
    expect(layer.forward(randn(row.input, { dtype: 'float64', seed: 2 })).shape).toEqual(
      row.output,
    );
    expect(layer.parameterCount()).toBe(row.params);
  });

  it('passes gradcheck in float64 for its input and every parameter', () => {
    const layer = row.make(3);
    // Non-zero initial parameters everywhere (biases start at 0, gamma at 1): a bug in a bias or
    // gamma gradient must not hide behind a special value.
    for (const p of layer.parameters())
      for (let i = 0; i < p.size; i++) p.data[i] = p.data[i]! + 0.3 * Math.sin(7 * i + 1);
    const x = randn(row.input, { dtype: 'float64', seed: 4 });
    const report = gradcheck((input) => layer.forward(input!), [x, ...layer.parameters()]);
    expect(report.passed, JSON.stringify(report.inputs.map((r) => r.worst))).toBe(true);
    expect(report.inputs.every((r) => r.checked > 0)).toBe(true);
  });

  it('restores identical outputs from its stateDict', () => {
    const source = row.make(5);
    for (const p of source.parameters())
      for (let i = 0; i < p.size; i++) p.data[i] = p.data[i]! + 0.1 * (i + 1);
    const target = row.make(6);
    target.loadStateDict(source.stateDict());
    source.eval();
    target.eval();
    const x = randn(row.input, { dtype: 'float64', seed: 7 });
    expect(Array.from(target.forward(x).data)).toEqual(Array.from(source.forward(x).data));
  });
});

describe('dropout in the conformance rows', () => {
  it('passes gradcheck with a fixed mask (the generator reset before every forward)', () => {
    const layer = new Dropout(0.4, { rng: new Rng(8) });
    const saved = layer.rngStates();
    const f = (x: Parameters<Module['forward']>[0]) => {
      layer.loadRngStates(saved);
      return layer.forward(x);
    };
    const x = randn([6, 5], { dtype: 'float64', seed: 9 });
    const out = f(x);
    const dropped = Array.from(out.data).filter((v) => v === 0).length;
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(30);
    expect(gradcheck(f, [x]).passed).toBe(true);
  });
});
