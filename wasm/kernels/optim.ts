// The RMSProp and Adagrad steps on float32 data in the imported memory, in f64 arithmetic as the
// TypeScript backend does them, so the two agree to float32 rounding (src/backend/cpu/fused.ts).

@inline function ld(base: usize, i: i32): f64 { return <f64>load<f32>(base + (<usize>i << 2)); }
@inline function st(base: usize, i: i32, v: f64): void { store<f32>(base + (<usize>i << 2), <f32>v); }

/** s = alpha s + (1 - alpha) g^2; p -= lr g / (sqrt(s) + eps), g = grad + wd p. */
export function rmspropUpdate(p: usize, g: usize, sq: usize, n: i32, lr: f64, alpha: f64, eps: f64, wd: f64): void {
  for (let i = 0; i < n; i++) {
    const gi = ld(g, i) + wd * ld(p, i);
    const s = alpha * ld(sq, i) + (1 - alpha) * gi * gi;
    st(sq, i, s);
    st(p, i, ld(p, i) - (lr * gi) / (Math.sqrt(s) + eps));
  }
}

/** s += g^2; p -= lr g / (sqrt(s) + eps), g = grad + wd p. */
export function adagradUpdate(p: usize, g: usize, sum: usize, n: i32, lr: f64, eps: f64, wd: f64): void {
  for (let i = 0; i < n; i++) {
    const gi = ld(g, i) + wd * ld(p, i);
    const s = ld(sum, i) + gi * gi;
    st(sum, i, s);
    st(p, i, ld(p, i) - (lr * gi) / (Math.sqrt(s) + eps));
  }
}
