// Elementwise kernels on float32 data in the imported memory. Binary ops walk a rows x cols output
// where each operand has its own row and column stride (elements): a stride of 0 broadcasts, so one
// loop covers same shape, scalar, row ([n] against [m,n]) and column ([m,1] against [m,n]) operands.
// add/sub/mul/div/sqrt/neg are exact in float32 (the TypeScript backend's f64 result rounds to the
// same float32), so they run four lanes at a time; the rest are computed in f64 as that backend does.
// Binary codes: 0 add, 1 sub, 2 mul, 3 div, 4 maximum, 5 minimum.
// Unary codes: 0 neg, 1 exp, 2 log, 3 sqrt, 4 abs, 5 tanh, 6 sigmoid, 7 leakyRelu(p), 8 clamp(p, q),
// 9 scale(p).

@inline function at(base: usize, i: i32): f32 { return load<f32>(base + (<usize>i << 2)); }
@inline function put(base: usize, i: i32, v: f32): void { store<f32>(base + (<usize>i << 2), v); }

@inline function op2(op: i32, x: f32, y: f32): f32 {
  if (op == 0) return x + y;
  if (op == 1) return x - y;
  if (op == 2) return x * y;
  if (op == 3) return x / y;
  // NaN in x wins, and a NaN y falls through the comparison to y, as the TypeScript backend does.
  if (op == 4) return x > y || x != x ? x : y;
  return x < y || x != x ? x : y;
}

@inline function vop2(op: i32, x: v128, y: v128): v128 {
  if (op == 0) return f32x4.add(x, y);
  if (op == 1) return f32x4.sub(x, y);
  if (op == 2) return f32x4.mul(x, y);
  if (op == 3) return f32x4.div(x, y);
  // A lane select, not f32x4.max/min: those order -0 below 0, the scalar rule keeps y on a tie.
  if (op == 4) return v128.bitselect(x, y, v128.or(f32x4.gt(x, y), f32x4.ne(x, x)));
  return v128.bitselect(x, y, v128.or(f32x4.lt(x, y), f32x4.ne(x, x)));
}

@inline function binaryLoop(op: i32, a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize,
  rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const pa = a + (<usize>(r * aRow) << 2);
    const pb = b + (<usize>(r * bRow) << 2);
    const po = out + (<usize>(r * cols) << 2);
    let j = 0;
    if (aCol == 1 && bCol == 1) {
      for (; j + 4 <= cols; j += 4) {
        const o = <usize>j << 2;
        v128.store(po + o, vop2(op, v128.load(pa + o), v128.load(pb + o)));
      }
    } else if (aCol == 1 && bCol == 0) {
      const y = v128.load32_splat(pb);
      for (; j + 4 <= cols; j += 4) {
        const o = <usize>j << 2;
        v128.store(po + o, vop2(op, v128.load(pa + o), y));
      }
    } else if (aCol == 0 && bCol == 1) {
      const x = v128.load32_splat(pa);
      for (; j + 4 <= cols; j += 4) {
        const o = <usize>j << 2;
        v128.store(po + o, vop2(op, x, v128.load(pb + o)));
      }
    }
    for (; j < cols; j++) put(po, j, op2(op, at(pa, j * aCol), at(pb, j * bCol)));
  }
}

/** out[r, j] = op(a[r * aRow + j * aCol], b[r * bRow + j * bCol]) over rows x cols. */
export function binary(op: i32, a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize,
  rows: i32, cols: i32): void {
  switch (op) {
    case 0: binaryLoop(0, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case 1: binaryLoop(1, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case 2: binaryLoop(2, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case 3: binaryLoop(3, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case 4: binaryLoop(4, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    default: binaryLoop(5, a, aRow, aCol, b, bRow, bCol, out, rows, cols);
  }
}

@inline function op1(op: i32, v: f64, p: f64, q: f64): f64 {
  if (op == 1) return Math.exp(v);
  if (op == 2) return Math.log(v);
  if (op == 4) return Math.abs(v);
  if (op == 5) return Math.tanh(v);
  if (op == 6) {
    // Two branches so that exp never overflows: exp(-|v|) is at most 1.
    if (v >= 0) return 1 / (1 + Math.exp(-v));
    const e = Math.exp(v);
    return e / (1 + e);
  }
  if (op == 7) return v >= 0 ? v : p * v;
  if (op == 8) return v < p ? p : v > q ? q : v;
  return v * p;
}

@inline function unaryLoop(op: i32, x: usize, out: usize, n: i32, p: f64, q: f64): void {
  for (let i = 0; i < n; i++) put(out, i, <f32>op1(op, <f64>at(x, i), p, q));
}

@inline function lanes(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    v128.store(out + o, op == 0 ? f32x4.neg(v) : f32x4.sqrt(v));
  }
  for (; i < n; i++) put(out, i, op == 0 ? -at(x, i) : Mathf.sqrt(at(x, i)));
}

/** out[i] = f(x[i]) for the unary code `op`; p and q are its scalar parameters. out may be x. */
export function unary(op: i32, x: usize, out: usize, n: i32, p: f64, q: f64): void {
  switch (op) {
    case 0: lanes(0, x, out, n); break;
    case 1: unaryLoop(1, x, out, n, p, q); break;
    case 2: unaryLoop(2, x, out, n, p, q); break;
    case 3: lanes(3, x, out, n); break;
    case 4: unaryLoop(4, x, out, n, p, q); break;
    case 5: unaryLoop(5, x, out, n, p, q); break;
    case 6: unaryLoop(6, x, out, n, p, q); break;
    case 7: unaryLoop(7, x, out, n, p, q); break;
    case 8: unaryLoop(8, x, out, n, p, q); break;
    default: unaryLoop(9, x, out, n, p, q);
  }
}
