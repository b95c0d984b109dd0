// The op registry of the conformance suite: one row per differentiable op of src/ops/index.ts, each
// with its input shapes, a sampling rule that keeps away from kinks and domain edges, and a
// reference forward written independently over plain arrays (nd-reference.ts). ops.test.ts turns
// every row and case into tests; adding a row adds its tests. The rows live in op-specs/.
import { ELEMENTWISE_ROWS } from './op-specs/elementwise.js';
import { FUSED_ROWS } from './op-specs/fused.js';
import { MOVEMENT_ROWS } from './op-specs/movement.js';
import { REDUCTION_ROWS } from './op-specs/reductions.js';
import { WINDOW_ROWS } from './op-specs/windows.js';
import type { OpRow } from './op-specs/types.js';

export { DEFAULT_DRAW, DEFAULT_H, type Draw, type OpCase, type OpRow } from './op-specs/types.js';

export const OP_SPECS: readonly OpRow[] = [
  ...ELEMENTWISE_ROWS,
  ...MOVEMENT_ROWS,
  ...REDUCTION_ROWS,
  ...FUSED_ROWS,
  ...WINDOW_ROWS,
];

/** Exports of src/ops/index.ts that are not differentiable and so have no row. */
export const NOT_DIFFERENTIABLE: readonly string[] = ['sign', 'greater', 'less', 'equal', 'detach'];
