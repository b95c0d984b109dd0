// The one-pass optimizer updates (float32 parameters; src/optim/fused-step.ts) against the update
// rules written out here in float64, on the TypeScript backend and on the native one when it loads;
// and interchangeability with the generic path (norm tracking, state dicts).
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { cpuBackend } from '../../src/backend/cpu/index.js';
import { loadNativeBackend } from '../../src/backend/native/index.js';
import { adagrad, adam, adamw, rmsprop } from '../../src/optim/aliases.js';
import { Optimizer } from '../../src/optim/optimizer.js';
import type { GradientTransform } from '../../src/optim/transform.js';
import { Rng } from '../../src/tensor/rng.js';
import { Tensor } from '../../src/tensor/tensor.js';

const native = loadNativeBackend({ threads: 2 });
const backends: [string, Backend][] = [['cpu', cpuBackend], ...(native === null ? [] : [['native', native] as [string, Backend]])];

const N = 1000; // more than a SIMD width and not a multiple of one
const STEPS = 5;

/** The reference rules, in float64, one parameter vector at a time. */
type Rule = { name: string; make: () => GradientTransform; step: (w: number[], g: number[], s: number[][], t: number) => void };

const LR = 0.01;
const WD = 0.05;
const RULES: Rule[] = [
  {
    name: 'adam with L2 weight decay',
    make: () => adam({ lr: LR, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: WD }),
    step: (w, g, [m, v], t) => w.forEach((wj, j) => {
      const gj = g[j]! + WD * wj;
      m![j] = 0.8 * m![j]! + 0.2 * gj;
      v![j] = 0.99 * v![j]! + 0.01 * gj * gj;
      w[j] = wj - (LR * m![j]! / (1 - 0.8 ** t)) / (Math.sqrt(v![j]! / (1 - 0.99 ** t)) + 1e-6);
    }),
  },
  {
    name: 'adamw (decoupled decay)',
    make: () => adamw({ lr: LR, weightDecay: WD }),
    step: (w, g, [m, v], t) => w.forEach((wj, j) => {
      m![j] = 0.9 * m![j]! + 0.1 * g[j]!;
      v![j] = 0.999 * v![j]! + 0.001 * g[j]! * g[j]!;
      const dir = (m![j]! / (1 - 0.9 ** t)) / (Math.sqrt(v![j]! / (1 - 0.999 ** t)) + 1e-8);
      w[j] = wj - LR * (dir + WD * wj);
    }),
  },
  {
    name: 'rmsprop',
    make: () => rmsprop({ lr: LR, decay: 0.9, eps: 1e-6, weightDecay: WD }),
    step: (w, g, [c], _t) => w.forEach((wj, j) => {
      const gj = g[j]! + WD * wj;
      c![j] = 0.9 * c![j]! + 0.1 * gj * gj;
      w[j] = wj - (LR * gj) / (Math.sqrt(c![j]!) + 1e-6);
    }),
  },
  {
    name: 'adagrad',
    make: () => adagrad({ lr: LR, eps: 1e-6, weightDecay: WD }),
    step: (w, g, [c], _t) => w.forEach((wj, j) => {
      const gj = g[j]! + WD * wj;
      c![j] = c![j]! + gj * gj;
      w[j] = wj - (LR * gj) / (Math.sqrt(c![j]!) + 1e-6);
    }),
  },
];

function float32Param(values: Float32Array, backend: Backend): Tensor {
  const t = new Tensor(Float32Array.from(values), [values.length], { requiresGrad: true, backend });
  t.grad = new Tensor(new Float32Array(values.length), [values.length], { backend });
  return t;
}

function gradients(seed: number): Float32Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: STEPS }, () => Float32Array.from({ length: N }, () => rng.normal()));
}

describe.each(backends)('fused optimizer steps on the %s backend', (_name, backend) => {
  it.each(RULES)('$name follows the rule written out in float64 over several steps', (rule) => {
    const rng = new Rng(3);
    const start = Float32Array.from({ length: N }, () => rng.normal());
    const w = float32Param(start, backend);
    const opt = new Optimizer([w], rule.make());
    const ref = Array.from(start);
    const state = [new Array<number>(N).fill(0), new Array<number>(N).fill(0)];
    gradients(5).forEach((g, i) => {
      w.grad!.data.set(g);
      opt.step();
      rule.step(ref, Array.from(g), state, i + 1);
    });
    const got = w.toFlatArray();
    for (let j = 0; j < N; j++) expect(Math.abs(got[j]! - ref[j]!)).toBeLessThan(1e-5 * (1 + Math.abs(ref[j]!)));
  });

  it('tracked update and weight norms are those of the step taken', () => {
    const start = Float32Array.from({ length: N }, (_, j) => Math.sin(j));
    const w = float32Param(start, backend);
    const opt = new Optimizer([w], adam({ lr: 0.1 }), { trackUpdateNorms: true });
    w.grad!.data.set(gradients(9)[0]!);
    opt.step();
    const after = w.toFlatArray();
    let uu = 0;
    let ww = 0;
    for (let j = 0; j < N; j++) {
      uu += (after[j]! - start[j]!) ** 2;
      ww += start[j]! ** 2;
    }
    expect(opt.lastUpdateNorms()[0]).toBeCloseTo(Math.sqrt(uu), 4);
    expect(opt.lastParamNorms()[0]).toBeCloseTo(Math.sqrt(ww), 4);
    // The first Adam step moves every coordinate by about lr: the update norm is about lr sqrt(N).
    expect(opt.lastUpdateNorms()[0]! / (0.1 * Math.sqrt(N))).toBeCloseTo(1, 2);
  });

  it('a state dict saved mid-run resumes to the same weights as the uninterrupted run', () => {
    const grads = gradients(11);
    const start = Float32Array.from({ length: N }, (_, j) => Math.cos(j));
    const whole = float32Param(start, backend);
    const wholeOpt = new Optimizer([whole], adamw({ lr: 0.01 }));
    for (const g of grads) {
      whole.grad!.data.set(g);
      wholeOpt.step();
    }
    const a = float32Param(start, backend);
    const first = new Optimizer([a], adamw({ lr: 0.01 }));
    for (const g of grads.slice(0, 2)) {
      a.grad!.data.set(g);
      first.step();
    }
    const saved = JSON.parse(JSON.stringify(first.stateDict())) as unknown;
    const b = float32Param(a.data as Float32Array, backend);
    const second = new Optimizer([b], adamw({ lr: 0.01 }));
    second.loadStateDict(saved);
    for (const g of grads.slice(2)) {
      b.grad!.data.set(g);
      second.step();
    }
    expect(Array.from(b.data)).toEqual(Array.from(whole.data));
  });
});

describe('fused and generic paths agree', () => {
  it('float32 (fused) and float64 (generic transforms) Adam runs stay within float32 rounding', () => {
    const start = Float32Array.from({ length: N }, (_, j) => Math.sin(3 * j));
    const w32 = float32Param(start, cpuBackend);
    const w64 = new Tensor(Float64Array.from(start), [N], { requiresGrad: true });
    w64.grad = new Tensor(new Float64Array(N), [N]);
    const o32 = new Optimizer([w32], adam({ lr: 0.01, weightDecay: 0.1 }));
    const o64 = new Optimizer([w64], adam({ lr: 0.01, weightDecay: 0.1 }));
    for (const g of gradients(13)) {
      w32.grad!.data.set(g);
      w64.grad!.data.set(g);
      o32.step();
      o64.step();
    }
    const a = w32.toFlatArray();
    const b = w64.toFlatArray();
    for (let j = 0; j < N; j++) expect(Math.abs(a[j]! - b[j]!)).toBeLessThan(1e-5);
  });
});
