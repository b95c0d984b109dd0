// Rows of matmul and the ops that move data: reshape, flatten, permute, transpose, expand, sumTo,
// gather, scatter, slice, pad, concat.
import * as ops from '../../../src/ops/index.js';
import type { Tensor } from '../../../src/tensor/tensor.js';
import {
  at,
  build,
  concatRef,
  count,
  matmulRef,
  nd,
  type Nd,
  padRef,
  permuteRef,
  sliceRef,
  total,
  unravel,
  zipWith,
} from '../nd-reference.js';
import { fmt, type OpCase, type OpRow } from './types.js';

type Shape = number[];

/** 2-D and batched 3-D, every transA/transB: A is stored (k,m) when transposed, B (n,k). */
function matmulCases(): OpCase[] {
  const [m, k, n, batch] = [2, 3, 4, 2];
  return [false, true].flatMap((batched) =>
    [false, true].flatMap((transA) =>
      [false, true].map((transB) => {
        const pre = batched ? [batch] : [];
        const shapes = [
          [...pre, ...(transA ? [k, m] : [m, k])],
          [...pre, ...(transB ? [n, k] : [k, n])],
        ];
        return {
          label: `${fmt(shapes)} transA=${transA} transB=${transB}`,
          shapes,
          run: (a: Tensor, b: Tensor) => ops.matmul(a, b, { transA, transB }),
          reference: (a: Nd, b: Nd) => matmulRef(a, b, transA, transB),
        };
      }),
    ),
  );
}

const reshapeCase = (from: Shape, to: Shape, want: Shape): OpCase => ({
  label: `${fmt([from])} -> ${fmt([to])}`,
  shapes: [from],
  run: (x) => ops.reshape(x, to),
  reference: (x) => nd(want, x.data),
});

const permuteCase = (shape: Shape, perm: number[]): OpCase => ({
  label: `${fmt([shape])} [${perm.join(',')}]`,
  shapes: [shape],
  run: (x) => ops.permute(x, perm),
  reference: (x) => permuteRef(x, perm),
});

const transposeCase = (shape: Shape, axes: [number, number] | [], perm: number[]): OpCase => ({
  label: `${fmt([shape])} ${axes.length === 0 ? 'reversed' : `swap ${axes.join(',')}`}`,
  shapes: [shape],
  run: (x) => (axes.length === 0 ? ops.transpose(x) : ops.transpose(x, ...axes)),
  reference: (x) => permuteRef(x, perm),
});

const expandCase = (from: Shape, to: Shape): OpCase => ({
  label: `${fmt([from])} -> ${fmt([to])}`,
  shapes: [from],
  run: (x) => ops.expand(x, to),
  reference: (x) => zipWith((v) => v, x, nd(to, new Array<number>(count(to)).fill(0))),
});

/** Sums, for each position of `to`, every element of x that broadcasting `to` up would read. */
const sumToCase = (from: Shape, to: Shape): OpCase => ({
  label: `${fmt([from])} -> ${fmt([to])}`,
  shapes: [from],
  run: (x) => ops.sumTo(x, to),
  reference: (x) =>
    build(to, (index) => {
      const lead = from.length - to.length;
      const reads = (i: number): boolean => {
        const src = unravel(i, from);
        return to.every((dim, d) => dim === 1 || src[lead + d] === index[d]);
      };
      return total(x.data.filter((_, i) => reads(i)));
    }),
});

const gatherCase = (shape: [number, number], idx: number[]): OpCase => ({
  label: `${fmt([shape])} [${idx.join(',')}]`,
  shapes: [shape],
  run: (x) => ops.gather(x, idx),
  reference: (x) => build([shape[0]], ([i]) => at(x, [i!, idx[i!]!])),
});

const scatterCase = (idx: number[], cols: number): OpCase => ({
  label: `(${idx.length}) [${idx.join(',')}] cols=${cols}`,
  shapes: [[idx.length]],
  run: (x) => ops.scatter(x, idx, cols),
  reference: (x) => build([idx.length, cols], ([i, j]) => (j === idx[i!] ? x.data[i!]! : 0)),
});

const sliceCase = (shape: Shape, lo: number[], hi: number[]): OpCase => ({
  label: `${fmt([shape])} [${lo.join(',')}]:[${hi.join(',')}]`,
  shapes: [shape],
  run: (x) => ops.slice(x, lo, hi),
  reference: (x) => sliceRef(x, lo, hi),
});

const padCase = (shape: Shape, starts: number[], to: Shape): OpCase => ({
  label: `${fmt([shape])} at [${starts.join(',')}] in ${fmt([to])}`,
  shapes: [shape],
  run: (x) => ops.pad(x, starts, to),
  reference: (x) => padRef(x, starts, to),
});

const concatCase = (shapes: Shape[], axis: number): OpCase => ({
  label: `${fmt(shapes)} axis=${axis}`,
  shapes,
  run: (...xs) => ops.concat(xs, axis),
  reference: (...xs) => concatRef(xs, axis),
});

// prettier-ignore
export const MOVEMENT_ROWS: readonly OpRow[] = [
  { name: 'matmul', op: 'matmul', cases: matmulCases() },
  {
    name: 'reshape',
    op: 'reshape',
    cases: [
      reshapeCase([2, 3], [3, 2], [3, 2]),
      reshapeCase([2, 3], [-1], [6]),
      reshapeCase([6], [2, -1, 1], [2, 3, 1]),
      reshapeCase([2, 3, 2], [4, 3], [4, 3]),
      reshapeCase([1], [], []),
    ],
  },
  {
    name: 'flatten',
    op: 'flatten',
    cases: [[2, 3, 4], [3, 2], [2, 1]].map((s) => ({
      label: fmt([s]),
      shapes: [s],
      run: ops.flatten,
      reference: (x: Nd) => nd([s[0]!, count(s.slice(1))], x.data),
    })),
  },
  {
    name: 'permute',
    op: 'permute',
    cases: [
      permuteCase([2, 3, 4], [2, 0, 1]),
      permuteCase([2, 3, 4], [1, 0, 2]),
      permuteCase([2, 3, 4], [-1, 0, 1]),
      permuteCase([2, 3], [1, 0]),
      permuteCase([3, 1, 2], [2, 1, 0]),
    ],
  },
  {
    name: 'transpose',
    op: 'transpose',
    cases: [
      transposeCase([2, 3], [], [1, 0]),
      transposeCase([2, 3, 4], [], [2, 1, 0]),
      transposeCase([2, 3, 4], [0, 2], [2, 1, 0]),
      transposeCase([2, 3, 4], [-1, -2], [0, 2, 1]),
    ],
  },
  {
    name: 'expand',
    op: 'expand',
    cases: [
      expandCase([3, 1], [3, 4]),
      expandCase([3], [2, 3]),
      expandCase([], [2, 2]),
      expandCase([1, 3, 1], [2, 3, 4]),
      expandCase([2, 1], [3, 2, 2]),
    ],
  },
  {
    name: 'sumTo',
    op: 'sumTo',
    cases: [
      sumToCase([3, 4], [1, 4]),
      sumToCase([3, 4], [3, 1]),
      sumToCase([2, 3, 4], [3, 1]),
      sumToCase([2, 3], []),
      sumToCase([2, 3], [2, 3]),
    ],
  },
  {
    name: 'gather',
    op: 'gather',
    cases: [gatherCase([3, 4], [1, 0, 3]), gatherCase([2, 5], [4, 4]), gatherCase([1, 1], [0])],
  },
  {
    name: 'scatter',
    op: 'scatter',
    cases: [scatterCase([2, 0, 2], 4), scatterCase([1, 1], 2), scatterCase([0], 1)],
  },
  {
    name: 'slice',
    op: 'slice',
    cases: [
      sliceCase([3, 4], [0, 1], [3, 2]), // a column: the row stride in x is not 1
      sliceCase([3, 4], [1], [3]),
      sliceCase([3, 4], [-2, -3], [3, -1]),
      sliceCase([2, 3, 4], [0, 1, 1], [2, 3, 3]),
      sliceCase([6], [-4], [-1]),
      sliceCase([2, 3], [0, 0], [2, 3]),
      sliceCase([2, 3, 4], [1, 0, 3], [2, 3, 4]),
    ],
  },
  {
    name: 'pad',
    op: 'pad',
    cases: [
      padCase([2, 1], [0, 1], [2, 3]),
      padCase([2, 3], [1, 1], [4, 5]),
      padCase([3], [2], [5]),
      padCase([2, 3, 1], [0, 1, 2], [3, 4, 4]),
    ],
  },
  {
    name: 'concat',
    op: 'concat',
    cases: [
      concatCase([[2, 3], [2, 1]], 1),
      concatCase([[1, 3], [2, 3]], 0),
      concatCase([[2, 2, 1], [2, 2, 2]], -1),
      concatCase([[3, 1], [3, 1], [3, 2]], 1),
      concatCase([[2], [3]], 0),
    ],
  },
];
