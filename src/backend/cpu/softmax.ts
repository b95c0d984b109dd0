// Row-wise softmax and log-softmax of the CPU backend; the row max is subtracted first so that
// exp never overflows (logits like [1000, 1000, -1000] stay finite).
import type { Buf } from '../backend.js';

function rowMax(x: Buf, start: number, cols: number): number {
  let m = -Infinity;
  for (let j = 0; j < cols; j++) {
    const v = x[start + j]!;
    if (v > m || v !== v) m = v;
  }
  return m;
}

export function softmax(x: Buf, rows: number, cols: number, out: Buf): void {
  for (let r = 0; r < rows; r++) {
    const s = r * cols;
    // An all -Infinity row has no finite max; shift by 0 so the result is NaN, not a silent 1/cols.
    const m = rowMax(x, s, cols);
    const shift = m === -Infinity ? 0 : m;
    let total = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(x[s + j]! - shift);
      out[s + j] = e;
      total += e;
    }
    const inv = 1 / total;
    for (let j = 0; j < cols; j++) out[s + j] = out[s + j]! * inv;
  }
}

export function logSoftmax(x: Buf, rows: number, cols: number, out: Buf): void {
  for (let r = 0; r < rows; r++) {
    const s = r * cols;
    const m = rowMax(x, s, cols);
    const shift = m === -Infinity ? 0 : m;
    let total = 0;
    for (let j = 0; j < cols; j++) total += Math.exp(x[s + j]! - shift);
    // NOTE: (x - shift) - log(total), not x - (shift + log(total)): the latter rounds the large
    // shift + log(total) first and loses log2(|shift|) bits (5e-14 at logits of 1000).
    const logTotal = Math.log(total);
    for (let j = 0; j < cols; j++) out[s + j] = x[s + j]! - shift - logTotal;
  }
}
