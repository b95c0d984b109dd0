// Rows of the elementwise ops: arithmetic with broadcasting, unary maps, activations, where, cast.
import * as ops from '../../../src/ops/index.js';
import { tensor } from '../../../src/tensor/create.js';
import type { Tensor } from '../../../src/tensor/tensor.js';
import { build, map, type Nd, total, zipWith } from '../nd-reference.js';
import { binaryCases, numberCases, unaryCases } from './cases.js';
import {
  awayFromZero,
  binaryFractions,
  DEFAULT_DRAW,
  fmt,
  type OpCase,
  type OpRow,
  uniform,
} from './types.js';

/** No two broadcast-aligned elements within 0.05: maximum/minimum stay off their tie. */
const noTies = (a: Nd, b: Nd): boolean =>
  zipWith((x, y) => Math.abs(x - y), a, b).data.every((d) => d > 0.05);

/**
 * Each operand is the larger one somewhere (and the smaller one elsewhere): an operand that never
 * wins gets gradient 0 everywhere, which gradcheck reads as inconclusive (no evidence either way).
 */
const eachWins = (a: Nd, b: Nd): boolean => {
  const d = zipWith((x, y) => x - y, a, b).data;
  return d.some((v) => v > 0) && d.some((v) => v < 0);
};

/** Every element more than 0.05 from each of `points` (clamp bounds, a number operand). */
const awayFrom =
  (points: number[]) =>
  (x: Nd): boolean =>
    x.data.every((v) => points.every((p) => Math.abs(v - p) > 0.05));

const oneCase = (label: string, shape: number[], run: OpCase['run'], f: (v: number) => number) => ({
  label,
  shapes: [shape],
  run,
  reference: (x: Nd) => map(x, f),
});

/** `where` with a fixed 0/1 checkerboard mask of shape `cond`; one input means b = x, a = 0.25. */
function whereCase(shapes: number[][], cond: number[]): OpCase {
  const mask = build(cond, (index) => total(index) % 2);
  const condOf = (like: Tensor): Tensor =>
    tensor([...mask.data], { shape: cond, dtype: like.dtype });
  const pick = (c: number, x: number, y: number): number => (c !== 0 ? x : y);
  return {
    label: `cond ${fmt([cond])} ${fmt(shapes)}`,
    shapes,
    run:
      shapes.length === 2
        ? (a, b) => ops.where(condOf(a), a, b!)
        : (a) => ops.where(condOf(a), 0.25, a),
    reference:
      shapes.length === 2
        ? (a, b) => zipWith(pick, mask, a, b!)
        : (a) => zipWith((c, y) => pick(c, 0.25, y), mask, a),
  };
}

const add = (a: number, b: number): number => a + b;
const sub = (a: number, b: number): number => a - b;
const mul = (a: number, b: number): number => a * b;
const div = (a: number, b: number): number => a / b;

export const ELEMENTWISE_ROWS: readonly OpRow[] = [
  {
    name: 'add',
    op: 'add',
    cases: [...binaryCases(ops.add, add), ...numberCases('+', 2.5, ops.add, add)],
  },
  {
    name: 'sub',
    op: 'sub',
    cases: [...binaryCases(ops.sub, sub), ...numberCases('-', 2.5, ops.sub, sub)],
  },
  {
    name: 'mul',
    op: 'mul',
    cases: [...binaryCases(ops.mul, mul), ...numberCases('*', -1.5, ops.mul, mul)],
  },
  {
    name: 'div',
    op: 'div',
    cases: binaryCases(ops.div, div),
    draw: [DEFAULT_DRAW, awayFromZero(0.5, 2)],
  },
  {
    name: 'div, numbers',
    op: 'div',
    cases: numberCases('/', 4, ops.div, div),
    draw: awayFromZero(0.5, 2),
  },
  { name: 'neg', op: 'neg', cases: unaryCases(ops.neg, (v) => -v) },
  { name: 'exp', op: 'exp', cases: unaryCases(ops.exp, Math.exp) },
  { name: 'log', op: 'log', cases: unaryCases(ops.log, Math.log), draw: uniform(0.2, 3) },
  { name: 'sqrt', op: 'sqrt', cases: unaryCases(ops.sqrt, Math.sqrt), draw: uniform(0.2, 3) },
  {
    name: 'pow, number exponent',
    op: 'pow',
    draw: uniform(0.3, 2),
    cases: [2, 3, 0.5, -1.5].map((p) =>
      oneCase(
        `(2,3) ^ ${p}`,
        [2, 3],
        (x) => ops.pow(x, p),
        (v) => v ** p,
      ),
    ),
  },
  {
    name: 'pow, tensor exponent',
    op: 'pow',
    cases: binaryCases(ops.pow, (a, b) => a ** b),
    draw: [uniform(0.3, 2), uniform(-2, 2)],
  },
  { name: 'abs', op: 'abs', cases: unaryCases(ops.abs, Math.abs), draw: awayFromZero(0.1, 2) },
  {
    name: 'clamp',
    op: 'clamp',
    accept: awayFrom([-0.5, 0.8]),
    cases: [
      oneCase(
        '(2,3) [-0.5, 0.8]',
        [2, 3],
        (x) => ops.clamp(x, -0.5, 0.8),
        (v) => Math.min(Math.max(v, -0.5), 0.8),
      ),
      oneCase(
        '(2,3) [-inf, 0.8]',
        [2, 3],
        (x) => ops.clamp(x, -Infinity, 0.8),
        (v) => Math.min(v, 0.8),
      ),
      oneCase(
        '(5) [-0.5, inf]',
        [5],
        (x) => ops.clamp(x, -0.5),
        (v) => Math.max(v, -0.5),
      ),
    ],
  },
  { name: 'maximum', op: 'maximum', cases: binaryCases(ops.maximum, Math.max), accept: (a, b) => noTies(a, b) && eachWins(a, b) },
  {
    name: 'maximum, numbers',
    op: 'maximum',
    cases: numberCases('max', 0.3, ops.maximum, Math.max),
    accept: awayFrom([0.3]),
  },
  { name: 'minimum', op: 'minimum', cases: binaryCases(ops.minimum, Math.min), accept: (a, b) => noTies(a, b) && eachWins(a, b) },
  {
    name: 'minimum, numbers',
    op: 'minimum',
    cases: numberCases('min', 0.3, ops.minimum, Math.min),
    accept: awayFrom([0.3]),
  },
  {
    name: 'sigmoid',
    op: 'sigmoid',
    cases: unaryCases(ops.sigmoid, (v) => 1 / (1 + Math.exp(-v))),
    draw: uniform(-3, 3),
  },
  { name: 'tanh', op: 'tanh', cases: unaryCases(ops.tanh, Math.tanh), draw: uniform(-3, 3) },
  {
    name: 'relu',
    op: 'relu',
    cases: unaryCases(ops.relu, (v) => (v > 0 ? v : 0)),
    draw: awayFromZero(0.1, 2),
    // Some element on the slope-1 side: all-negative inputs have gradient 0 everywhere (inconclusive).
    accept: (x) => x.data.some((v) => v > 0),
  },
  {
    name: 'leakyRelu',
    op: 'leakyRelu',
    draw: awayFromZero(0.1, 2),
    cases: [
      ...unaryCases(ops.leakyRelu, (v) => (v >= 0 ? v : 0.01 * v)),
      oneCase(
        '(2,3) alpha=0.2',
        [2, 3],
        (x) => ops.leakyRelu(x, 0.2),
        (v) => (v >= 0 ? v : 0.2 * v),
      ),
    ],
  },
  { name: 'square', op: 'square', cases: unaryCases(ops.square, (v) => v * v) },
  {
    name: 'where',
    op: 'where',
    // prettier-ignore
    cases: [
      whereCase([[2, 3], [2, 3]], [2, 3]),
      whereCase([[3, 1], [1, 4]], [3, 4]),
      whereCase([[2, 3], [3]], [1, 3]),
      whereCase([[], [2, 2]], [2, 2]),
      whereCase([[2, 2]], [2, 2]),
    ],
  },
  {
    // float64 -> float32 -> float64 (and the reverse for float32 inputs): exact on binary
    // fractions, so both casts' gradients are checked with a step that is exact in float32 too.
    name: 'cast',
    op: 'cast',
    draw: binaryFractions,
    h: 1 / 16,
    cases: [[5], [2, 3], []].map((s) =>
      oneCase(
        `${fmt([s])} round trip`,
        s,
        (x) => ops.cast(ops.cast(x, x.dtype === 'float64' ? 'float32' : 'float64'), x.dtype),
        (v) => v,
      ),
    ),
  },
];
