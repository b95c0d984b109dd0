// Data-movement kernels of the CPU backend: permute, box slice / slice-add, row gather / scatter-add.
import type { Buf, Shape } from '../backend.js';
import { forEachRow, planRows } from './strided.js';

function contiguousStrides(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

export function permute(x: Buf, shape: Shape, perm: readonly number[], out: Buf): void {
  const inStrides = contiguousStrides(shape);
  const outShape = perm.map((p) => shape[p]!);
  const readStrides = perm.map((p) => inStrides[p]!);
  const p = planRows(outShape, [readStrides, contiguousStrides(outShape)]);
  const n = p.rowLength;
  const sr = p.rowStrides[0]!;
  forEachRow(p, (s) => {
    const i0 = s[0]!, o = s[1]!;
    for (let j = 0; j < n; j++) out[o + j] = x[i0 + j * sr]!;
  });
}

function boxPlan(bigShape: Shape, starts: readonly number[], boxShape: Shape) {
  const bigStrides = contiguousStrides(bigShape);
  let offset = 0;
  for (let i = 0; i < starts.length; i++) offset += starts[i]! * bigStrides[i]!;
  return { offset, plan: planRows(boxShape, [bigStrides, contiguousStrides(boxShape)]) };
}

export function slice(x: Buf, shape: Shape, starts: readonly number[], out: Buf, outShape: Shape): void {
  if (out.length === 0) return;
  const { offset, plan } = boxPlan(shape, starts, outShape);
  const n = plan.rowLength;
  // NOTE: the row stride in the big tensor is 1 only when the box spans its trailing axes; a box
  // like x[:, 1:2] walks a column, so read with the planned stride.
  const sx = plan.rowStrides[0]!;
  forEachRow(plan, (s) => {
    const i0 = offset + s[0]!, o = s[1]!;
    for (let j = 0; j < n; j++) out[o + j] = x[i0 + j * sx]!;
  });
}

export function sliceAdd(src: Buf, srcShape: Shape, starts: readonly number[], out: Buf, outShape: Shape): void {
  if (src.length === 0) return;
  const { offset, plan } = boxPlan(outShape, starts, srcShape);
  const n = plan.rowLength;
  const so = plan.rowStrides[0]!; // as in slice: not 1 when the box is narrower than out's rows
  forEachRow(plan, (s) => {
    const o = offset + s[0]!, i0 = s[1]!;
    for (let j = 0; j < n; j++) out[o + j * so] = out[o + j * so]! + src[i0 + j]!;
  });
}

export function gather(x: Buf, rows: number, cols: number, indices: Int32Array, out: Buf): void {
  for (let i = 0; i < rows; i++) out[i] = x[i * cols + indices[i]!]!;
}

export function scatterAdd(src: Buf, rows: number, cols: number, indices: Int32Array, out: Buf): void {
  for (let i = 0; i < rows; i++) {
    const o = i * cols + indices[i]!;
    out[o] = out[o]! + src[i]!;
  }
}
