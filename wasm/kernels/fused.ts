// The fused training-step kernels and same-shape elementwise kernels, on float32 data in the
// imported memory. Arithmetic is done in f64, as the TypeScript backend does it (JS numbers), so that
// the two backends agree to float32 rounding; only exp/tanh/log come from AssemblyScript's libm.
// Activation codes: 0 none, 1 relu, 2 tanh, 3 sigmoid.

@inline function ld(base: usize, i: i32): f64 { return <f64>load<f32>(base + (<usize>i << 2)); }
@inline function st(base: usize, i: i32, v: f64): void { store<f32>(base + (<usize>i << 2), <f32>v); }

@inline function activate(v: f64, act: i32): f64 {
  if (act == 1) return v > 0 ? v : (v != v ? v : 0);
  if (act == 2) return Math.tanh(v);
  if (act == 3) {
    if (v >= 0) return 1 / (1 + Math.exp(-v));
    const e = Math.exp(v);
    return e / (1 + e);
  }
  return v;
}

/** x = act(x + bias) in place over rows x cols; bias (length cols) is read only when hasBias. */
export function biasActivation(x: usize, bias: usize, hasBias: bool, rows: i32, cols: i32, act: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) st(x, o + c, activate(ld(x, o + c) + (hasBias ? ld(bias, c) : 0), act));
  }
}

/** gradIn = gradOut * act'(y) from the output y; gradBias = column sums of gradIn when hasBias. */
export function activationBackward(gradOut: usize, y: usize, rows: i32, cols: i32, act: i32, gradIn: usize,
  gradBias: usize, hasBias: bool): void {
  const n = rows * cols;
  for (let i = 0; i < n; i++) {
    const g = ld(gradOut, i);
    const v = ld(y, i);
    st(gradIn, i, act == 1 ? (v > 0 ? g : 0) : act == 2 ? g * (1 - v * v) : act == 3 ? g * v * (1 - v) : g);
  }
  if (!hasBias) return;
  for (let c = 0; c < cols; c++) {
    let s: f64 = 0;
    // Sum the stored (float32-rounded) gradIn, as the TypeScript backend does.
    for (let r = 0; r < rows; r++) s += ld(gradIn, r * cols + c);
    st(gradBias, c, s);
  }
}

/** Summed softmax cross-entropy; grad = (softmax - onehot) * gradScale when hasGrad. Labels are valid. */
export function softmaxCrossEntropy(logits: usize, labels: usize, rows: i32, cols: i32, grad: usize, hasGrad: bool,
  gradScale: f64): f64 {
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const s = r * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) {
      const v = ld(logits, s + j);
      if (v > m || v != v) m = v;
    }
    const shift = m == -Infinity ? 0 : m;
    let sum: f64 = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp(ld(logits, s + j) - shift);
    const lse = shift + Math.log(sum);
    const label = load<i32>(labels + (<usize>r << 2));
    total += lse - ld(logits, s + label);
    if (!hasGrad) continue;
    for (let j = 0; j < cols; j++) st(grad, s + j, Math.exp(ld(logits, s + j) - lse) * gradScale);
    st(grad, s + label, ld(grad, s + label) - gradScale);
  }
  return total;
}

/** p -= lr * (g + wd * p). */
export function sgdUpdate(p: usize, g: usize, n: i32, lr: f64, wd: f64): void {
  for (let i = 0; i < n; i++) st(p, i, ld(p, i) - lr * (ld(g, i) + wd * ld(p, i)));
}

/** PyTorch momentum / Nesterov step; vel is the momentum buffer. */
export function momentumUpdate(p: usize, g: usize, vel: usize, n: i32, lr: f64, wd: f64, momentum: f64,
  dampening: f64, nesterov: bool): void {
  for (let i = 0; i < n; i++) {
    const gi = ld(g, i) + wd * ld(p, i);
    const buf = momentum * ld(vel, i) + (1 - dampening) * gi;
    st(vel, i, buf);
    st(p, i, ld(p, i) - lr * (nesterov ? gi + momentum * buf : buf));
  }
}

/** Adam / AdamW step (m, v: moments; step counts from 1). */
export function adamUpdate(p: usize, g: usize, m: usize, v: usize, n: i32, lr: f64, beta1: f64, beta2: f64, eps: f64,
  wd: f64, step: f64, decoupled: bool): void {
  const bias1 = 1 - Math.pow(beta1, step);
  const bias2 = 1 - Math.pow(beta2, step);
  const l2 = decoupled ? 0 : wd;
  const shrink = decoupled ? 1 - lr * wd : 1;
  for (let i = 0; i < n; i++) {
    const gi = ld(g, i) + l2 * ld(p, i);
    const mi = beta1 * ld(m, i) + (1 - beta1) * gi;
    const vi = beta2 * ld(v, i) + (1 - beta2) * gi * gi;
    st(m, i, mi);
    st(v, i, vi);
    st(p, i, ld(p, i) * shrink - (lr * (mi / bias1)) / (Math.sqrt(vi / bias2) + eps));
  }
}

export function relu(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) st(out, i, activate(ld(x, i), 1));
}

export function add(a: usize, b: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f32>(out + (<usize>i << 2), load<f32>(a + (<usize>i << 2)) + load<f32>(b + (<usize>i << 2)));
}

export function mul(a: usize, b: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f32>(out + (<usize>i << 2), load<f32>(a + (<usize>i << 2)) * load<f32>(b + (<usize>i << 2)));
}
