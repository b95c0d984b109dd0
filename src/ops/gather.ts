import { record } from '../autograd/record.js';
import { IndexError, ShapeError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { empty } from './helpers.js';

/** Integer indices, one per row. */
export type Indices = Int32Array | readonly number[];

/** The tensor whose leading axis the indices must match, as the error message names it. */
interface IndexedInput {
  name: string;
  shape: readonly number[];
  per: string;
}

function toInt32(indices: Indices, rows: number, cols: number, op: string, input: IndexedInput): Int32Array {
  if (indices.length !== rows) {
    const what = `${input.name} of shape ${formatShape(input.shape)}`;
    throw new ShapeError(`${op}: ${indices.length} indices for ${what} (expected ${rows}, one per ${input.per})`);
  }
  const out = indices instanceof Int32Array ? indices : Int32Array.from(indices);
  for (let i = 0; i < rows; i++) {
    const v = indices[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= cols) {
      throw new IndexError(`${op}: index ${v} at row ${i} is out of range [0, ${cols})`);
    }
  }
  return out;
}

/**
 * Picks one entry per row of a 2-D tensor: out[i] = x[i, indices[i]] (e.g. the score of each
 * example's label). Gradient: g scattered back to the picked positions, zero elsewhere.
 * @example gather(tensor([[1, 2], [3, 4]]), [1, 0]).toArray(); //=> [2, 3]
 */
export function gather(x: Tensor, indices: Indices): Tensor {
  if (x.rank !== 2) throw new ShapeError(`gather: expects a 2-D tensor, got ${formatShape(x.shape)}`);
  const [rows, cols] = x.shape as [number, number];
  const idx = toInt32(indices, rows, cols, 'gather', { name: 'input', shape: x.shape, per: 'row' });
  const out = empty([rows], x);
  x.backend.gather(x.data, rows, cols, idx, out.data);
  return record(out, 'gather', [x], (g) => [scatter(g, idx, cols)]);
}

/**
 * The adjoint of gather: a (rows, cols) tensor of zeros with src[i] added at (i, indices[i]).
 * Gradient: gather of g at the same indices.
 * @example scatter(tensor([5, 6]), [1, 0], 2).toArray(); //=> [[0, 5], [6, 0]]
 */
export function scatter(src: Tensor, indices: Indices, cols: number): Tensor {
  if (src.rank !== 1) throw new ShapeError(`scatter: expects a 1-D tensor, got ${formatShape(src.shape)}`);
  const rows = src.shape[0]!;
  const idx = toInt32(indices, rows, cols, 'scatter', { name: 'src', shape: src.shape, per: 'element' });
  const out = empty([rows, cols], src);
  src.backend.scatterAdd(src.data, rows, cols, idx, out.data);
  return record(out, 'scatter', [src], (g) => [gather(g, idx)]);
}
