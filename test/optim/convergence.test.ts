import { describe, expect, it } from 'vitest';
import '../../src/ops/index.js';
import { adagrad, adam, adamw, rmsprop, sgd } from '../../src/optim/aliases.js';
import { lbfgs } from '../../src/optim/lbfgs.js';
import { Optimizer } from '../../src/optim/optimizer.js';
import type { GradientTransform } from '../../src/optim/transform.js';
import { tensor } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { distance, param, randomQuadratic, rosenbrock } from './problems.js';

// lr per optimizer and problem: each reaches the bar below from the same fixed start.
const OPTIMIZERS: [
  string,
  (problem: 'rosenbrock' | 'quadratic', L: number) => GradientTransform,
][] = [
  ['sgd', (p, L) => sgd({ lr: p === 'rosenbrock' ? 1e-3 : 1 / L })],
  ['sgd momentum', (p) => sgd({ lr: p === 'rosenbrock' ? 5e-4 : 5e-3, momentum: 0.9 })],
  [
    'sgd nesterov',
    (p) => sgd({ lr: p === 'rosenbrock' ? 5e-4 : 5e-3, momentum: 0.9, nesterov: true }),
  ],
  ['adam', (p) => adam({ lr: p === 'rosenbrock' ? 0.02 : 0.2 })],
  ['adamw', (p) => adamw({ lr: p === 'rosenbrock' ? 0.02 : 0.2, weightDecay: 0 })],
  ['adagrad', (p) => adagrad({ lr: p === 'rosenbrock' ? 1 : 0.5 })],
  ['rmsprop', (p) => rmsprop({ lr: p === 'rosenbrock' ? 3e-3 : 0.01 })],
];

const quadratic = randomQuadratic(10, 7, 10);

describe.each(OPTIMIZERS)('%s', (_name, make) => {
  it('reduces Rosenbrock from (-1.5, 2) (f = 12.5) by 100x in 3000 steps', () => {
    const x = param([-1.5, 2]);
    const opt = new Optimizer([x], make('rosenbrock', 0));
    const f0 = rosenbrock(x);
    expect(f0).toBe(12.5);
    for (let i = 0; i < 3000; i++) {
      rosenbrock(x);
      opt.step();
    }
    expect(rosenbrock(x)).toBeLessThan(f0 / 100);
  });

  it('moves 10x closer to the minimizer of a random convex quadratic (n = 10, condition 10) in 500 steps', () => {
    const x = param(new Array<number>(10).fill(0));
    const opt = new Optimizer([x], make('quadratic', quadratic.L));
    const d0 = distance(x, quadratic.xStar);
    for (let i = 0; i < 500; i++) {
      quadratic.f(x);
      opt.step();
    }
    expect(distance(x, quadratic.xStar)).toBeLessThan(d0 / 10);
  });
});

describe('the same optimizer on a function through autograd', () => {
  const a = (): Tensor => tensor([-1.5], { dtype: 'float64', requiresGrad: true });
  const b = (): Tensor => tensor([2], { dtype: 'float64', requiresGrad: true });
  const f = (x: Tensor, y: Tensor): Tensor =>
    x
      .neg()
      .add(1)
      .pow(2)
      .add(y.sub(x.mul(x)).pow(2).mul(100))
      .sum();

  it('adam reduces Rosenbrock written with ops, over two parameters, by 100x', () => {
    const [x, y] = [a(), b()];
    const opt = new Optimizer([x, y], adam({ lr: 0.05 }));
    for (let i = 0; i < 600; i++) {
      opt.zeroGrad();
      f(x, y).backward();
      opt.step();
    }
    expect(f(x, y).item()).toBeLessThan(12.5 / 100);
  });

  it('l-bfgs minimizes it to (1, 1) with a closure that calls backward', () => {
    const [x, y] = [a(), b()];
    const opt = lbfgs([x, y], { tolGrad: 1e-10 });
    for (let i = 0; i < 10; i++) {
      opt.step(() => {
        opt.zeroGrad();
        const loss = f(x, y);
        loss.backward();
        return loss;
      });
    }
    expect(Math.hypot(x.item() - 1, y.item() - 1)).toBeLessThan(1e-4);
  });
});

describe('l-bfgs', () => {
  // n = 20 and condition number 100, more than the default history of 10 pairs.
  const hard = randomQuadratic(20, 7, 100);

  function lbfgsIterationsTo(tol: number, lineSearch: 'strongWolfe' | 'backtracking'): number {
    const x = param(new Array<number>(hard.n).fill(0));
    const opt = lbfgs([x], { lineSearch, maxIter: 1, tolGrad: 0, tolChange: 0 });
    while (distance(x, hard.xStar) >= tol && opt.iterations < 1000) opt.step(() => hard.f(x));
    return opt.iterations;
  }

  function sgdIterationsTo(tol: number): number {
    const x = param(new Array<number>(hard.n).fill(0));
    // The best fixed rate for eigenvalues in [1, L]: 2 / (1 + L).
    const opt = new Optimizer([x], sgd({ lr: 2 / (1 + hard.L) }));
    while (distance(x, hard.xStar) >= tol && opt.stepCount < 100_000) {
      hard.f(x);
      opt.step();
    }
    return opt.stepCount;
  }

  it('reaches the quadratic minimizer to 1e-8 in far fewer iterations than the best fixed-rate SGD', () => {
    const sgdIters = sgdIterationsTo(1e-8);
    const wolfe = lbfgsIterationsTo(1e-8, 'strongWolfe');
    const armijo = lbfgsIterationsTo(1e-8, 'backtracking');
    expect(sgdIters).toBeGreaterThan(500); // about ln(4 / 1e-8) * (L + 1) / 2
    expect(sgdIters).toBeLessThan(100_000);
    expect(wolfe).toBeLessThan(1000);
    expect(armijo).toBeLessThan(1000);
    expect(wolfe * 8).toBeLessThan(sgdIters);
    expect(armijo * 8).toBeLessThan(sgdIters);
  });

  it('minimizes Rosenbrock from (-1.5, 2) to (1, 1) with the default strong Wolfe search', () => {
    const x = param([-1.5, 2]);
    const opt = lbfgs([x], { tolGrad: 1e-10 });
    for (let i = 0; i < 10; i++) opt.step(() => rosenbrock(x));
    expect(distance(x, [1, 1])).toBeLessThan(1e-4);
    expect(opt.iterations).toBeLessThan(100);
  });
});
