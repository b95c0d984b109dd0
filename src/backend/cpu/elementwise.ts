// Elementwise kernels of the CPU backend: unary maps and broadcasting binary maps. Each binary op
// has its own row loop (no per-element closure); broadcasting is planned once per call as rows.
import type { BinaryKernel, Buf, Shape, UnaryKernel } from '../backend.js';
import { forEachRow, planRows, stridesFor } from './strided.js';

export const neg: UnaryKernel = (x, out) => {
  for (let i = 0; i < x.length; i++) out[i] = -x[i]!;
};
export const exp: UnaryKernel = (x, out) => {
  for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]!);
};
export const log: UnaryKernel = (x, out) => {
  for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]!);
};
export const sqrt: UnaryKernel = (x, out) => {
  for (let i = 0; i < x.length; i++) out[i] = Math.sqrt(x[i]!);
};
export const abs: UnaryKernel = (x, out) => {
  for (let i = 0; i < x.length; i++) out[i] = Math.abs(x[i]!);
};
export const sign: UnaryKernel = (x, out) => {
  // Math.sign maps -0 to -0 and 0 to 0; both count as 0 here (abs's subgradient at 0). NaN stays
  // NaN, so a NaN input poisons abs's gradient visibly instead of zeroing it.
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    out[i] = Number.isNaN(v) ? v : Math.sign(v) || 0;
  }
};
export const sigmoid: UnaryKernel = (x, out) => {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    // Two branches so that exp never overflows: exp(-|v|) is at most 1.
    if (v >= 0) out[i] = 1 / (1 + Math.exp(-v));
    else {
      const e = Math.exp(v);
      out[i] = e / (1 + e);
    }
  }
};
export const tanh: UnaryKernel = (x, out) => {
  for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]!);
};
export const relu: UnaryKernel = (x, out) => {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    out[i] = v > 0 ? v : v !== v ? v : 0;
  }
};
export function leakyRelu(x: Buf, alpha: number, out: Buf): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    out[i] = v >= 0 ? v : alpha * v;
  }
}
export function clamp(x: Buf, low: number, high: number, out: Buf): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    out[i] = v < low ? low : v > high ? high : v;
  }
}
export function powScalar(x: Buf, p: number, out: Buf): void {
  if (p === 2) for (let i = 0; i < x.length; i++) out[i] = x[i]! * x[i]!;
  else for (let i = 0; i < x.length; i++) out[i] = Math.pow(x[i]!, p);
}
export function scale(x: Buf, s: number, out: Buf): void {
  for (let i = 0; i < x.length; i++) out[i] = x[i]! * s;
}
export function fill(out: Buf, value: number): void {
  out.fill(value);
}

/** One row of a binary op: out[o + j] = f(a[ia + j*sa], b[ib + j*sb]) for j < n. */
type Row = (a: Buf, ia: number, sa: number, b: Buf, ib: number, sb: number, out: Buf, o: number, n: number) => void;

function binary(row: Row): BinaryKernel {
  return (a, aShape, b, bShape, out, outShape) => {
    const n = out.length;
    if (a.length === n && b.length === n) return row(a, 0, 1, b, 0, 1, out, 0, n);
    if (a.length === n && b.length === 1) return row(a, 0, 1, b, 0, 0, out, 0, n);
    if (a.length === 1 && b.length === n) return row(a, 0, 0, b, 0, 1, out, 0, n);
    broadcastRows(row, a, aShape, b, bShape, out, outShape);
  };
}

function broadcastRows(row: Row, a: Buf, aShape: Shape, b: Buf, bShape: Shape, out: Buf, outShape: Shape): void {
  const rank = outShape.length;
  const plan = planRows(outShape, [
    stridesFor(aShape, rank, outShape),
    stridesFor(bShape, rank, outShape),
    stridesFor(outShape, rank, outShape),
  ]);
  const [sa, sb] = plan.rowStrides as [number, number, number];
  forEachRow(plan, (s) => row(a, s[0]!, sa, b, s[1]!, sb, out, s[2]!, plan.rowLength));
}

export const add = binary((a, ia, sa, b, ib, sb, out, o, n) => {
  for (let j = 0; j < n; j++) out[o + j] = a[ia + j * sa]! + b[ib + j * sb]!;
});
export const sub = binary((a, ia, sa, b, ib, sb, out, o, n) => {
  for (let j = 0; j < n; j++) out[o + j] = a[ia + j * sa]! - b[ib + j * sb]!;
});
export const mul = binary((a, ia, sa, b, ib, sb, out, o, n) => {
  for (let j = 0; j < n; j++) out[o + j] = a[ia + j * sa]! * b[ib + j * sb]!;
});
export const div = binary((a, ia, sa, b, ib, sb, out, o, n) => {
  for (let j = 0; j < n; j++) out[o + j] = a[ia + j * sa]! / b[ib + j * sb]!;
});
export const pow = binary((a, ia, sa, b, ib, sb, out, o, n) => {
  for (let j = 0; j < n; j++) out[o + j] = Math.pow(a[ia + j * sa]!, b[ib + j * sb]!);
});
export const maximum = binary((a, ia, sa, b, ib, sb, out, o, n) => {
  for (let j = 0; j < n; j++) {
    const x = a[ia + j * sa]!;
    const y = b[ib + j * sb]!;
    out[o + j] = x > y || x !== x ? x : y;
  }
});
export const minimum = binary((a, ia, sa, b, ib, sb, out, o, n) => {
  for (let j = 0; j < n; j++) {
    const x = a[ia + j * sa]!;
    const y = b[ib + j * sb]!;
    out[o + j] = x < y || x !== x ? x : y;
  }
});
export const greater = binary((a, ia, sa, b, ib, sb, out, o, n) => {
  for (let j = 0; j < n; j++) out[o + j] = a[ia + j * sa]! > b[ib + j * sb]! ? 1 : 0;
});
export const equal = binary((a, ia, sa, b, ib, sb, out, o, n) => {
  for (let j = 0; j < n; j++) out[o + j] = a[ia + j * sa]! === b[ib + j * sb]! ? 1 : 0;
});

export function where(
  cond: Buf, condShape: Shape, a: Buf, aShape: Shape, b: Buf, bShape: Shape, out: Buf, outShape: Shape,
): void {
  const rank = outShape.length;
  const plan = planRows(outShape, [
    stridesFor(condShape, rank, outShape),
    stridesFor(aShape, rank, outShape),
    stridesFor(bShape, rank, outShape),
    stridesFor(outShape, rank, outShape),
  ]);
  const [sc, sa, sb] = plan.rowStrides as [number, number, number, number];
  const n = plan.rowLength;
  forEachRow(plan, (s) => {
    const ic = s[0]!, ia = s[1]!, ib = s[2]!, o = s[3]!;
    for (let j = 0; j < n; j++) out[o + j] = cond[ic + j * sc] !== 0 ? a[ia + j * sa]! : b[ib + j * sb]!;
  });
}
