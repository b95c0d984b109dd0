// Row-wise softmax and log-softmax of a rows x cols float32 matrix, max-subtracted, in f64 in the
// TypeScript backend's order (src/backend/cpu/softmax.ts), so the two agree to float32 rounding.

@inline function ld(base: usize, i: i32): f64 { return <f64>load<f32>(base + (<usize>i << 2)); }
@inline function st(base: usize, i: i32, v: f64): void { store<f32>(base + (<usize>i << 2), <f32>v); }

@inline function rowShift(x: usize, s: i32, cols: i32): f64 {
  let m: f64 = -Infinity;
  for (let j = 0; j < cols; j++) {
    const v = ld(x, s + j);
    if (v > m || v != v) m = v;
  }
  // An all -Infinity row has no finite max; shifting by 0 gives NaN, not a silent 1/cols.
  return m == -Infinity ? 0 : m;
}

export function softmax(x: usize, rows: i32, cols: i32, out: usize): void {
  for (let r = 0; r < rows; r++) {
    const s = r * cols;
    const shift = rowShift(x, s, cols);
    let total: f64 = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(ld(x, s + j) - shift);
      st(out, s + j, e);
      total += e;
    }
    const inv = 1 / total;
    // Scales the stored (float32-rounded) exponentials, as the TypeScript backend does.
    for (let j = 0; j < cols; j++) st(out, s + j, ld(out, s + j) * inv);
  }
}

export function logSoftmax(x: usize, rows: i32, cols: i32, out: usize): void {
  for (let r = 0; r < rows; r++) {
    const s = r * cols;
    const shift = rowShift(x, s, cols);
    let total: f64 = 0;
    for (let j = 0; j < cols; j++) total += Math.exp(ld(x, s + j) - shift);
    // (x - shift) - log(total): rounding shift + log(total) first would lose bits at large logits.
    const logTotal = Math.log(total);
    for (let j = 0; j < cols; j++) st(out, s + j, ld(x, s + j) - shift - logTotal);
  }
}
