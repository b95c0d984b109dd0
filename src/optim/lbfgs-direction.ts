// The L-BFGS memory: its state, the update of the (s, y) ring and the two-loop recursion d = -H g.
import { axpyInto, dot } from './flat.js';

/**
 * L-BFGS state: iterations and closure calls so far, the last step length t and direction d, the
 * scaling hDiag = s.y / y.y of the initial Hessian, the previous gradient and loss, and a ring of
 * `history` pairs s = x_{k+1} - x_k, y = g_{k+1} - g_k (`count` filled, next write at `head`).
 */
export type LbfgsState = {
  iterations: number;
  funcEvals: number;
  t: number;
  hDiag: number;
  prevLoss: number;
  count: number;
  head: number;
  d: Float64Array;
  prevGrad: Float64Array;
  s: Float64Array;
  y: Float64Array;
  rho: Float64Array;
};

/**
 * Adds the pair s = t * d, y = g - prevGrad to the ring when its curvature is positive relative to
 * the step, s.y > eps * (-g_prev.s) (L-BFGS-B's test; PyTorch's absolute s.y > 1e-10 rejects every
 * pair close to a minimum, where s and y are small, and the method then stalls), and rescales the
 * initial Hessian to hDiag = s.y / y.y. Skipping a pair keeps H positive definite.
 * @example pushPair(state, g); // after a step of length state.t along state.d
 */
export function pushPair(st: LbfgsState, g: Float64Array): void {
  const n = g.length;
  let ys = 0;
  let yy = 0;
  let gs = 0;
  for (let j = 0; j < n; j++) {
    const sj = st.t * st.d[j]!;
    const yj = g[j]! - st.prevGrad[j]!;
    ys += yj * sj;
    yy += yj * yj;
    gs += st.prevGrad[j]! * sj;
  }
  if (!(ys > Number.EPSILON * -gs) || !(yy > 0)) return;
  const m = st.rho.length;
  const base = st.head * n;
  for (let j = 0; j < n; j++) {
    st.s[base + j] = st.t * st.d[j]!;
    st.y[base + j] = g[j]! - st.prevGrad[j]!;
  }
  st.rho[st.head] = 1 / ys;
  st.head = (st.head + 1) % m;
  st.count = Math.min(st.count + 1, m);
  st.hDiag = ys / yy;
}

/**
 * Writes d = -H g into `st.d` by the two-loop recursion over the stored pairs, newest first, with
 * H0 = hDiag * I (Nocedal & Wright, Algorithm 7.4). `alpha` is scratch of length `history`.
 * @example lbfgsDirection(state, g, new Float64Array(history)); // state.d is the new direction
 */
export function lbfgsDirection(st: LbfgsState, g: Float64Array, alpha: Float64Array): void {
  const n = g.length;
  const m = st.rho.length;
  const d = st.d;
  for (let j = 0; j < n; j++) d[j] = -g[j]!;
  for (let k = st.count - 1; k >= 0; k--) {
    const slot = (st.head - st.count + k + m) % m;
    const a = st.rho[slot]! * dot(st.s, d, slot * n);
    alpha[k] = a;
    axpyInto(d, -a, st.y, slot * n);
  }
  for (let j = 0; j < n; j++) d[j] = d[j]! * st.hDiag;
  for (let k = 0; k < st.count; k++) {
    const slot = (st.head - st.count + k + m) % m;
    const b = st.rho[slot]! * dot(st.y, d, slot * n);
    axpyInto(d, alpha[k]! - b, st.s, slot * n);
  }
}
