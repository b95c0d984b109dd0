// Eigendecomposition of a real symmetric matrix in float64: Householder reduction to tridiagonal form
// (tred2) then the implicit QL algorithm (tql2), after the Algol procedures of Bowdler, Martin, Reinsch
// & Wilkinson (Handbook for Automatic Computation II, 1971) as ported in JAMA (public domain).
// NOTE: the working matrix is stored column-major (w[c * n + r] holds V[r][c]) because every inner loop
// of both procedures walks down a column; that keeps them contiguous, and eigenvector j ends up as
// the contiguous slice j.
import { InternalError, ShapeError } from '../../errors.js';

/** Eigenvalues in descending order and the matching unit eigenvectors. */
export interface SymmetricEigen {
  /** The n eigenvalues, largest first. */
  readonly values: Float64Array;
  /** n x n row-major: row j is the unit eigenvector of values[j]. */
  readonly vectors: Float64Array;
}

/**
 * Eigenvalues and eigenvectors of the symmetric n x n matrix `a` (row-major; only its lower triangle
 * is read): A v_j = lambda_j v_j with the v_j orthonormal.
 * @param a the matrix, n * n values; not modified.
 * @param n its order.
 * @throws ShapeError when a.length is not n * n; InternalError if QL fails to converge (non-finite input).
 * @example
 * symmetricEigen(new Float64Array([2, 1, 1, 2]), 2).values; //=> Float64Array [3, 1]
 */
export function symmetricEigen(a: ArrayLike<number>, n: number): SymmetricEigen {
  if (!(Number.isInteger(n) && n >= 1) || a.length !== n * n) {
    throw new ShapeError(
      `symmetricEigen: expected an n x n matrix with n = ${n}, got ${a.length} values`,
    );
  }
  // Column-major copy of the symmetric matrix, built from the lower triangle (w[c*n+r] = A[r][c], r >= c).
  const w = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c <= r; c++) {
      const v = a[r * n + c]!;
      w[c * n + r] = v;
      w[r * n + c] = v;
    }
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tred2(w, d, e, n);
  tql2(w, d, e, n);
  return sortDescending(w, d, n);
}

/** Householder tridiagonalization; on return d is the diagonal, e the sub-diagonal, w the transform. */
function tred2(w: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = w[j * n + n - 1]!;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = w[j * n + i - 1]!;
        w[j * n + i] = 0;
        w[i * n + j] = 0;
      }
    } else {
      h = householder(w, d, e, n, i, scale);
    }
    d[i] = h;
  }
  accumulate(w, d, e, n);
}

/** One Householder step of tred2 (row i, scale > 0); returns h. */
function householder(
  w: Float64Array,
  d: Float64Array,
  e: Float64Array,
  n: number,
  i: number,
  scale: number,
): number {
  let h = 0;
  for (let k = 0; k < i; k++) {
    d[k] = d[k]! / scale;
    h += d[k]! * d[k]!;
  }
  let f = d[i - 1]!;
  let g = f > 0 ? -Math.sqrt(h) : Math.sqrt(h);
  e[i] = scale * g;
  h -= f * g;
  d[i - 1] = f - g;
  for (let j = 0; j < i; j++) e[j] = 0;
  for (let j = 0; j < i; j++) {
    const col = j * n;
    f = d[j]!;
    w[i * n + j] = f;
    g = e[j]! + w[col + j]! * f;
    for (let k = j + 1; k <= i - 1; k++) {
      const v = w[col + k]!;
      g += v * d[k]!;
      e[k] = e[k]! + v * f;
    }
    e[j] = g;
  }
  f = 0;
  for (let j = 0; j < i; j++) {
    e[j] = e[j]! / h;
    f += e[j]! * d[j]!;
  }
  const hh = f / (h + h);
  for (let j = 0; j < i; j++) e[j] = e[j]! - hh * d[j]!;
  for (let j = 0; j < i; j++) {
    const col = j * n;
    f = d[j]!;
    g = e[j]!;
    for (let k = j; k <= i - 1; k++) w[col + k] = w[col + k]! - (f * e[k]! + g * d[k]!);
    d[j] = w[col + i - 1]!;
    w[col + i] = 0;
  }
  return h;
}

/** Accumulates the Householder transformations of tred2 into w. */
function accumulate(w: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 0; i < n - 1; i++) {
    w[i * n + n - 1] = w[i * n + i]!;
    w[i * n + i] = 1;
    const h = d[i + 1]!;
    const next = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = w[next + k]! / h;
      for (let j = 0; j <= i; j++) {
        const col = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += w[next + k]! * w[col + k]!;
        for (let k = 0; k <= i; k++) w[col + k] = w[col + k]! - g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k++) w[next + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = w[j * n + n - 1]!;
    w[j * n + n - 1] = 0;
  }
  w[n * n - 1] = 1;
  e[0] = 0;
}

/** Implicit QL with Wilkinson-style shifts on the tridiagonal (d, e); rotations accumulate into w. */
function tql2(w: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]!) > eps * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        // 30 sweeps per eigenvalue is the classic EISPACK limit; far more means non-finite input.
        if (++iter > 60)
          throw new InternalError(`symmetricEigen: QL did not converge (eigenvalue ${l})`);
        f += qlSweep(w, d, e, n, l, m);
      } while (Math.abs(e[l]!) > eps * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
}

/** One implicit-shift QL sweep over rows l..m; returns the shift applied to d. */
function qlSweep(
  w: Float64Array,
  d: Float64Array,
  e: Float64Array,
  n: number,
  l: number,
  m: number,
): number {
  let g = d[l]!;
  let p = (d[l + 1]! - g) / (2 * e[l]!);
  let r = Math.hypot(p, 1);
  if (p < 0) r = -r;
  d[l] = e[l]! / (p + r);
  d[l + 1] = e[l]! * (p + r);
  const dl1 = d[l + 1]!;
  let h = g - d[l]!;
  for (let i = l + 2; i < n; i++) d[i] = d[i]! - h;
  const shift = h;
  p = d[m]!;
  let c = 1;
  let c2 = c;
  let c3 = c;
  const el1 = e[l + 1]!;
  let s = 0;
  let s2 = 0;
  for (let i = m - 1; i >= l; i--) {
    c3 = c2;
    c2 = c;
    s2 = s;
    g = c * e[i]!;
    h = c * p;
    r = Math.hypot(p, e[i]!);
    e[i + 1] = s * r;
    s = e[i]! / r;
    c = p / r;
    p = c * d[i]! - s * g;
    d[i + 1] = h + s * (c * g + s * d[i]!);
    // Rotate eigenvector columns i and i+1 (contiguous slices in the column-major w).
    const ci = i * n;
    const cj = ci + n;
    for (let k = 0; k < n; k++) {
      const hk = w[cj + k]!;
      const vk = w[ci + k]!;
      w[cj + k] = s * vk + c * hk;
      w[ci + k] = c * vk - s * hk;
    }
  }
  p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
  e[l] = s * p;
  d[l] = c * p;
  return shift;
}

function sortDescending(w: Float64Array, d: Float64Array, n: number): SymmetricEigen {
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d[j]! - d[i]! || i - j);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = d[src]!;
    vectors.set(w.subarray(src * n, src * n + n), dst * n);
  });
  return { values, vectors };
}
