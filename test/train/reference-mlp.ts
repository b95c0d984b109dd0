// An independent oracle for the training tests: the forward pass of a stack of linear and relu
// layers, softmax cross-entropy, accuracy and squared error, written out with plain loops in
// float64 from a state dict (no tensors, ops or losses of the library).

/** Named values as `stateDict()` and model files hold them. */
export type Values = Readonly<Record<string, { readonly shape: readonly number[]; readonly data: ArrayLike<number> }>>;

/**
 * The outputs (n, k) of layers `plan` (index i is `layers.i` of a sequential model) on rows `x`
 * (n, d). A linear layer's weight is (in, out) and its bias (out).
 */
export function forward64(state: Values, plan: readonly ('linear' | 'relu')[], x: ArrayLike<number>, n: number, d: number): { out: Float64Array; k: number } {
  let h = Float64Array.from(x);
  let width = d;
  plan.forEach((kind, i) => {
    if (kind === 'relu') {
      h = h.map((v) => Math.max(0, v));
      return;
    }
    const w = state[`layers.${i}.weight`]!;
    const b = state[`layers.${i}.bias`];
    const [inF, outF] = [w.shape[0]!, w.shape[1]!];
    if (inF !== width) throw new Error(`layer ${i}: ${inF} inputs, got ${width}`);
    const next = new Float64Array(n * outF);
    for (let r = 0; r < n; r++) {
      for (let o = 0; o < outF; o++) {
        let s = b === undefined ? 0 : b.data[o]!;
        for (let j = 0; j < inF; j++) s += h[r * inF + j]! * w.data[j * outF + o]!;
        next[r * outF + o] = s;
      }
    }
    h = next;
    width = outF;
  });
  return { out: h, k: width };
}

/** Mean softmax cross-entropy (max-shifted log-sum-exp) and accuracy of logits (n, k). */
export function crossEntropy64(logits: Float64Array, n: number, k: number, labels: ArrayLike<number>): { loss: number; accuracy: number } {
  let total = 0;
  let correct = 0;
  for (let r = 0; r < n; r++) {
    const row = logits.subarray(r * k, (r + 1) * k);
    let max = -Infinity;
    let arg = 0;
    row.forEach((v, c) => {
      if (v > max) [max, arg] = [v, c];
    });
    let sum = 0;
    for (const v of row) sum += Math.exp(v - max);
    total += max + Math.log(sum) - row[labels[r]!]!;
    if (arg === labels[r]) correct++;
  }
  return { loss: total / n, accuracy: correct / n };
}

/** Mean over rows of the summed squared error (sum over outputs, mean over rows). */
export function squaredError64(pred: Float64Array, target: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += (pred[i]! - target[i]!) ** 2;
  return s / pred.length;
}

/** Relative closeness, for float32 training figures against float64 references. */
export const relClose = (a: number, b: number, tol = 1e-5): boolean => Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b), 1e-30);
