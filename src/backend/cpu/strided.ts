// Shape plumbing shared by the CPU kernels: broadcast strides and dimension collapsing, so that a
// kernel walks its output as a few long contiguous rows instead of element by element.
import type { Shape } from '../backend.js';

/** Row-major strides of `shape`, with stride 0 on axes of size 1 when `broadcast` is set. */
export function stridesFor(shape: Shape, rank: number, outShape: Shape): number[] {
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const axis = rank - shape.length + i;
    const d = shape[i]!;
    strides[axis] = d === 1 && outShape[axis] !== 1 ? 0 : s;
    s *= d;
  }
  return strides;
}

/**
 * Merges adjacent axes that every operand walks contiguously, and drops size-1 axes.
 * Returns the collapsed sizes and one stride list per operand.
 */
export function collapse(dims: Shape, strideLists: number[][]): { dims: number[]; strides: number[][] } {
  const outDims: number[] = [];
  const outStrides: number[][] = strideLists.map(() => []);
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i]!;
    if (d === 1) continue;
    const last = outDims.length - 1;
    const mergeable =
      last >= 0 && strideLists.every((s, k) => outStrides[k]![last] === s[i]! * d);
    if (mergeable) {
      outDims[last] = outDims[last]! * d;
      strideLists.forEach((s, k) => (outStrides[k]![last] = s[i]!));
    } else {
      outDims.push(d);
      strideLists.forEach((s, k) => outStrides[k]!.push(s[i]!));
    }
  }
  return { dims: outDims, strides: outStrides };
}

/**
 * Calls `visit(offsets...)` once per row of the collapsed iteration space. The row is the last
 * collapsed axis (length `rowLength`, per-operand `rowStrides`); offsets are the row starts.
 */
export interface RowPlan {
  readonly rowLength: number;
  readonly rowStrides: number[];
  /** Number of rows. */
  readonly rows: number;
  /** Start offset of row r for operand k: computed by `rowStarts`. */
  readonly outerDims: number[];
  readonly outerStrides: number[][];
}

export function planRows(dims: Shape, strideLists: number[][]): RowPlan {
  const c = collapse(dims, strideLists);
  if (c.dims.length === 0) {
    return { rowLength: 1, rowStrides: strideLists.map(() => 0), rows: 1, outerDims: [], outerStrides: strideLists.map(() => []) };
  }
  const last = c.dims.length - 1;
  const outerDims = c.dims.slice(0, last);
  return {
    rowLength: c.dims[last]!,
    rowStrides: c.strides.map((s) => s[last]!),
    rows: outerDims.reduce((p, d) => p * d, 1),
    outerDims,
    outerStrides: c.strides.map((s) => s.slice(0, last)),
  };
}

/** Fills `starts[k]` with operand k's offset at the start of each row, row by row, via `visit`. */
export function forEachRow(plan: RowPlan, visit: (starts: number[]) => void): void {
  const nOps = plan.outerStrides.length;
  const starts = new Array<number>(nOps).fill(0);
  const rank = plan.outerDims.length;
  const index = new Array<number>(rank).fill(0);
  for (let r = 0; r < plan.rows; r++) {
    visit(starts);
    // Advance the multi-index like an odometer, updating each operand's offset incrementally.
    for (let ax = rank - 1; ax >= 0; ax--) {
      index[ax]!++;
      for (let k = 0; k < nOps; k++) starts[k]! += plan.outerStrides[k]![ax]!;
      if (index[ax]! < plan.outerDims[ax]!) break;
      for (let k = 0; k < nOps; k++) starts[k]! -= plan.outerStrides[k]![ax]! * plan.outerDims[ax]!;
      index[ax] = 0;
    }
  }
}
