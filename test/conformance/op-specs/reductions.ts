// Rows of the reductions (sum, mean, max, min, logSumExp) and the softmax family.
import * as ops from '../../../src/ops/index.js';
import { logSumExpOf, softmaxLine, total } from '../nd-reference.js';
import { axisCases, reductionCases } from './cases.js';
import { distinct, type OpRow } from './types.js';

export const REDUCTION_ROWS: readonly OpRow[] = [
  { name: 'sum', op: 'sum', cases: reductionCases(ops.sum, total) },
  { name: 'mean', op: 'mean', cases: reductionCases(ops.mean, (v) => total(v) / v.length) },
  // distinct(): no two values within 4 / (2 * 24) of each other, so no max tie and no kink.
  {
    name: 'max',
    op: 'max',
    cases: reductionCases(ops.max, (v) => Math.max(...v)),
    draw: distinct(-2, 2),
  },
  {
    name: 'min',
    op: 'min',
    cases: reductionCases(ops.min, (v) => Math.min(...v)),
    draw: distinct(-2, 2),
  },
  { name: 'logSumExp', op: 'logSumExp', cases: reductionCases(ops.logSumExp, logSumExpOf) },
  { name: 'softmax', op: 'softmax', cases: axisCases(ops.softmax, softmaxLine) },
  {
    name: 'logSoftmax',
    op: 'logSoftmax',
    cases: axisCases(ops.logSoftmax, (line) => line.map((v) => v - logSumExpOf(line))),
  },
];
