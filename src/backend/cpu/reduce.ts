// Reduction kernels of the CPU backend (sum, max) over any set of axes. The input is walked as
// contiguous rows; a reduced last axis folds each row to a scalar, a kept one adds rows together.
import type { Buf, Shape } from '../backend.js';
import { forEachRow, planRows } from './strided.js';

function plan(shape: Shape, axes: readonly number[]) {
  const rank = shape.length;
  const inStrides = new Array<number>(rank);
  const outStrides = new Array<number>(rank);
  let si = 1;
  let so = 1;
  for (let i = rank - 1; i >= 0; i--) {
    inStrides[i] = si;
    si *= shape[i]!;
    if (axes.includes(i)) outStrides[i] = 0;
    else {
      outStrides[i] = so;
      so *= shape[i]!;
    }
  }
  return planRows(shape, [inStrides, outStrides]);
}

export function sum(x: Buf, shape: Shape, axes: readonly number[], out: Buf): void {
  out.fill(0);
  if (x.length === 0) return;
  const p = plan(shape, axes);
  const n = p.rowLength;
  if (p.rowStrides[1] === 0) {
    forEachRow(p, (s) => {
      const i0 = s[0]!;
      let acc = 0;
      for (let j = 0; j < n; j++) acc += x[i0 + j]!;
      const o = s[1]!;
      out[o] = out[o]! + acc;
    });
  } else {
    forEachRow(p, (s) => {
      const i0 = s[0]!, o = s[1]!;
      for (let j = 0; j < n; j++) out[o + j] = out[o + j]! + x[i0 + j]!;
    });
  }
}

export function max(x: Buf, shape: Shape, axes: readonly number[], out: Buf): void {
  out.fill(-Infinity);
  if (x.length === 0) return;
  const p = plan(shape, axes);
  const n = p.rowLength;
  if (p.rowStrides[1] === 0) {
    forEachRow(p, (s) => {
      const i0 = s[0]!, o = s[1]!;
      let m = out[o]!;
      for (let j = 0; j < n; j++) {
        const v = x[i0 + j]!;
        if (v > m || v !== v) m = v;
        if (m !== m) break;
      }
      out[o] = m;
    });
  } else {
    forEachRow(p, (s) => {
      const i0 = s[0]!, o = s[1]!;
      for (let j = 0; j < n; j++) {
        const v = x[i0 + j]!;
        const m = out[o + j]!;
        if (v > m || (v !== v && m === m)) out[o + j] = v;
      }
    });
  }
}
