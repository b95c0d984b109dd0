// Test problems with hand-written gradients (independent of autograd): Rosenbrock and a random
// convex quadratic built from its eigen-decomposition, so its minimizer is known in closed form.
import { tensor } from '../../src/tensor/create.js';
import { Rng } from '../../src/tensor/rng.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** A float64 parameter with a preallocated zero gradient. */
export function param(values: number[]): Tensor {
  const x = tensor(values, { dtype: 'float64', requiresGrad: true });
  x.grad = tensor(new Float64Array(values.length));
  return x;
}

/** Rosenbrock f(a, b) = (1 - a)^2 + 100 (b - a^2)^2; writes the gradient into x.grad; minimum 0 at (1, 1). */
export function rosenbrock(x: Tensor): number {
  const [a, b] = [x.data[0]!, x.data[1]!];
  const g = x.grad!.data;
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
}

/** f(x) = 0.5 (x - xStar)' A (x - xStar) with A symmetric positive definite: minimum 0 at xStar. */
export interface Quadratic {
  readonly n: number;
  readonly A: number[][];
  /** The minimizer. */
  readonly xStar: number[];
  /** The largest eigenvalue of A: SGD is stable for lr < 2 / L. */
  readonly L: number;
  /** Value; writes the gradient A (x - xStar) into x.grad. */
  f(x: Tensor): number;
}

/**
 * A random convex quadratic: A = Q diag(lambda) Q' with Q a random orthogonal matrix (Gram-Schmidt
 * on a normal matrix) and eigenvalues log-spaced from 1 to `condition`; xStar standard normal.
 * The minimum value is 0, so f keeps full relative precision near the minimizer.
 */
export function randomQuadratic(n: number, seed: number, condition: number): Quadratic {
  const rng = new Rng(seed);
  const Q: number[][] = [];
  while (Q.length < n) {
    const v = Array.from({ length: n }, () => rng.normal());
    for (const q of Q) {
      const proj = q.reduce((s, qi, i) => s + qi * v[i]!, 0);
      q.forEach((qi, i) => (v[i]! -= proj * qi));
    }
    const norm = Math.hypot(...v);
    Q.push(v.map((x) => x / norm));
  }
  // Q holds the eigenvectors as rows: A = sum_k lambda_k q_k q_k'.
  const lambda = Array.from({ length: n }, (_, k) => condition ** (k / (n - 1)));
  const A = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => Q.reduce((s, q, k) => s + lambda[k]! * q[i]! * q[j]!, 0)),
  );
  const xStar = Array.from({ length: n }, () => rng.normal());
  return {
    n,
    A,
    xStar,
    L: condition,
    f(x) {
      const g = x.grad!.data;
      let value = 0;
      for (let i = 0; i < n; i++) {
        let ae = 0;
        for (let j = 0; j < n; j++) ae += A[i]![j]! * (x.data[j]! - xStar[j]!);
        g[i] = ae;
        value += 0.5 * (x.data[i]! - xStar[i]!) * ae;
      }
      return value;
    },
  };
}

/** Euclidean distance between a tensor's values and a point. */
export function distance(x: Tensor, point: readonly number[]): number {
  return Math.hypot(...point.map((p, i) => x.data[i]! - p));
}
