import { record } from '../autograd/record.js';
import { DTypeError, ShapeError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty } from './helpers.js';

export interface MatmulFlags {
  /** Use the transpose of a (a is stored k x m). */
  transA?: boolean;
  /** Use the transpose of b (b is stored n x k). */
  transB?: boolean;
}

/**
 * Matrix product op(a) @ op(b): 2-D (m,k)@(k,n) -> (m,n), or batched 3-D (B,m,k)@(B,k,n) -> (B,m,n).
 * Transposes are read in place by the kernel, never copied. Gradients, with dC the output's:
 * d op(a) = dC op(b)^T and d op(b) = op(a)^T dC (transposed back when a flag is set).
 * @example matmul(tensor([[1, 2]]), tensor([[3], [4]])).toArray(); //=> [[11]]
 */
export function matmul(a: Tensor, b: Tensor, flags: MatmulFlags = {}): Tensor {
  const transA = flags.transA ?? false;
  const transB = flags.transB ?? false;
  const { batch, m, k, n } = dims(a, b, transA, transB);
  const shape = a.rank === 3 ? [batch, m, n] : [m, n];
  const out = empty(shape, a);
  a.backend.matmul(a.data, b.data, out.data, m, k, n, { transA, transB }, batch);
  return record(out, 'matmul', [a, b], (g) => [
    a.requiresGrad
      ? transA
        ? matmul(b, g, { transA: transB, transB: true })
        : matmul(g, b, { transB: !transB })
      : null,
    b.requiresGrad
      ? transB
        ? matmul(g, a, { transA: true, transB: transA })
        : matmul(a, g, { transA: !transA })
      : null,
  ]);
}

function dims(a: Tensor, b: Tensor, transA: boolean, transB: boolean) {
  const desc = () => `${formatShape(a.shape)}${transA ? '^T' : ''} @ ${formatShape(b.shape)}${transB ? '^T' : ''}`;
  if (a.dtype !== b.dtype) throw new DTypeError(`matmul: dtypes differ (${a.dtype} and ${b.dtype})`);
  const batched = a.rank === 3 && b.rank === 3;
  if (!(a.rank === 2 && b.rank === 2) && !(batched && a.shape[0] === b.shape[0])) {
    throw new ShapeError(`matmul: expects two 2-D tensors or two 3-D tensors with the same batch size, got ${desc()}`);
  }
  const o = batched ? 1 : 0;
  const [ar, ac] = [a.shape[o]!, a.shape[o + 1]!];
  const [br, bc] = [b.shape[o]!, b.shape[o + 1]!];
  const [m, k] = transA ? [ac, ar] : [ar, ac];
  const [k2, n] = transB ? [bc, br] : [br, bc];
  if (k !== k2) throw new ShapeError(`matmul: inner dimensions differ, got ${desc()}`);
  return { batch: batched ? a.shape[0]! : 1, m, k, n };
}
