// Case builders shared by the rows: the standard shape sets of unary, binary (broadcasting),
// reduction and along-an-axis ops, each paired with its reference.
import type { Tensor } from '../../../src/tensor/tensor.js';
import { alongAxis, map, type Nd, reduce, zipWith } from '../nd-reference.js';
import { fmt, type OpCase } from './types.js';

const UNARY_SHAPES: number[][] = [[5], [2, 3], [], [2, 1, 3]];

/** Same shapes, (3,1)+(1,4), (2,3)+(3), scalar with (2,2) both ways, and a rank-raising pair. */
// prettier-ignore
const BINARY_SHAPES: number[][][] = [
  [[2, 3], [2, 3]],
  [[3, 1], [1, 4]],
  [[2, 3], [3]],
  [[], [2, 2]],
  [[2, 2], []],
  [[4], [2, 1, 4]],
];

export function unaryCases(run: (x: Tensor) => Tensor, f: (v: number) => number): OpCase[] {
  return UNARY_SHAPES.map((s) => ({
    label: fmt([s]),
    shapes: [s],
    run,
    reference: (x: Nd) => map(x, f),
  }));
}

export function binaryCases(
  run: (a: Tensor, b: Tensor) => Tensor,
  f: (a: number, b: number) => number,
): OpCase[] {
  return BINARY_SHAPES.map((shapes) => ({
    label: fmt(shapes),
    shapes,
    run,
    reference: (a: Nd, b: Nd) => zipWith(f, a, b),
  }));
}

/** `op(x, number)` and `op(number, x)` for ops that accept a plain number on either side. */
export function numberCases(
  name: string,
  c: number,
  run: (a: Tensor | number, b: Tensor | number) => Tensor,
  f: (a: number, b: number) => number,
): OpCase[] {
  return [
    {
      label: `(2,3) ${name} ${c}`,
      shapes: [[2, 3]],
      run: (x) => run(x, c),
      reference: (x) => map(x, (v) => f(v, c)),
    },
    {
      label: `${c} ${name} (2,3)`,
      shapes: [[2, 3]],
      run: (x) => run(c, x),
      reference: (x) => map(x, (v) => f(c, v)),
    },
  ];
}

type Axis = number | number[] | undefined;

/** All axes, one axis, a negative axis, several axes, keepdim, a 1-D and a scalar input. */
// prettier-ignore
const REDUCTIONS: [number[], Axis, boolean][] = [
  [[2, 3, 4], undefined, false],
  [[2, 3, 4], 0, false],
  [[2, 3, 4], -1, false],
  [[2, 3, 4], [0, 2], false],
  [[2, 3, 4], 1, true],
  [[2, 3, 4], [-1, 0], true],
  [[2, 3], undefined, true],
  [[5], 0, false],
  [[], undefined, false],
];

export function reductionCases(
  run: (x: Tensor, axis: Axis, keepdim: boolean) => Tensor,
  fold: (v: number[]) => number,
): OpCase[] {
  return REDUCTIONS.map(([shape, axis, keepdim]) => ({
    label: `${fmt([shape])} axis=${JSON.stringify(axis) ?? 'all'}${keepdim ? ' keepdim' : ''}`,
    shapes: [shape],
    run: (x) => run(x, axis, keepdim),
    reference: (x) => reduce(x, axis, keepdim, fold),
  }));
}

/** The default (last) axis, -1, the first axis, a middle axis, and -rank. */
// prettier-ignore
const AXIS_CASES: [number[], number | undefined][] = [
  [[5], undefined],
  [[2, 3], -1],
  [[2, 3], 0],
  [[2, 3, 4], 1],
  [[2, 3, 4], -3],
];

export function axisCases(
  run: (x: Tensor, axis?: number) => Tensor,
  line: (v: number[]) => number[],
): OpCase[] {
  return AXIS_CASES.map(([shape, axis]) => ({
    label: `${fmt([shape])} axis=${axis ?? 'default'}`,
    shapes: [shape],
    run: (x) => (axis === undefined ? run(x) : run(x, axis)),
    reference: (x) => alongAxis(x, axis ?? -1, line),
  }));
}
