// Matrix product of the CPU backend: a BLIS-style blocked kernel. Panels of op(A) and op(B) are
// packed (transposes resolved while packing) into contiguous scratch, then a 4x8 register-tiled
// microkernel accumulates each tile of the output in local variables.
import { InternalError } from '../../errors.js';
import type { Buf, MatmulOptions } from '../backend.js';

/** Rows of a microkernel tile (a micro-panel of packed A is MR wide). */
const MR = 4;
/** Columns of a microkernel tile (a micro-panel of packed B is NR wide). */
const NR = 8;
/** Depth of one packed block: a kc x NR micro-panel of B (16 KiB) stays in L1 while A streams by. */
const KC = 256;
/** Rows of A packed at once: MC x KC doubles (128 KiB) sit in L2 across a B panel. */
const MC = 64;
/** Columns of B packed at once: KC x NC doubles (4 MiB at most). */
const NC = 2048;

// NOTE: the only module-level state of the CPU backend, on purpose (ARCHITECTURE: "kernels never
// allocate"): packing scratch, grown on demand and reused, so a warm matmul allocates nothing.
// Both dtypes pack into Float64Array: a float32 value widens to float64 exactly, JS arithmetic is
// float64 anyway, so float32 results are unchanged, float64 stays exact to float64 rounding, and
// the microkernel only ever reads one array type (monomorphic, and measured ~15% faster than
// reading packed Float32Array). Kernels run synchronously, so one set of buffers cannot be shared
// by two calls at once.
let packedA = new Float64Array(MC * KC);
let packedB = new Float64Array(KC * NR);
const tile = new Float64Array(MR * NR);

/**
 * out (m x n) = op(A) op(B) for `batch` products laid out back to back; the CPU backend's matmul.
 * op(A) is m x k (stored k x m when `transA`), op(B) is k x n (stored n x k when `transB`), all
 * row-major and contiguous. With `accumulate` the product is added to `out`; with k = 0 the
 * product is all zeros. Accumulates in float64 for both dtypes (float32 rounds when storing).
 * Products thinner than one tile (m < 4 or n < 8) skip packing and take a direct loop.
 * @param a the batch x (m x k) or batch x (k x m) left operand
 * @param b the batch x (k x n) or batch x (n x k) right operand
 * @param out the batch x m x n result, written (or added to) in place
 * @example
 * const out = new Float64Array(1);
 * matmul(Float64Array.of(1, 2), Float64Array.of(3, 4), out, 1, 2, 1, { transA: false, transB: false });
 * out; //=> Float64Array [11]
 */
export function matmul(
  a: Buf, b: Buf, out: Buf, m: number, k: number, n: number, options: MatmulOptions, batch = 1,
): void {
  const { transA, transB } = options;
  const accumulate = options.accumulate ?? false;
  // An invariant, not user input (ops/matmul.ts validates shapes); the message is built only on failure.
  if (!(isCount(m) && isCount(k) && isCount(n) && isCount(batch) &&
    a.length >= batch * m * k && b.length >= batch * k * n && out.length >= batch * m * n)) {
    throw new InternalError(`matmul kernel: buffers of ${a.length}, ${b.length}, ${out.length} elements ` +
      `do not hold ${batch} products of (${m}x${k}) @ (${k}x${n})`);
  }
  if (m === 0 || n === 0 || batch === 0) return;
  if (k === 0) {
    if (!accumulate) out.fill(0, 0, batch * m * n);
    return;
  }
  const thin = m < MR || n < NR;
  for (let t = 0; t < batch; t++) {
    const ao = t * m * k;
    const bo = t * k * n;
    const oo = t * m * n;
    if (thin) matmulDirect(a, ao, transA, b, bo, transB, out, oo, m, k, n, accumulate);
    else matmulBlocked(a, ao, transA, b, bo, transB, out, oo, m, k, n, accumulate);
  }
}

function isCount(d: number): boolean {
  return Number.isInteger(d) && d >= 0;
}

/** The packed path: B panels of KC x NC, A blocks of MC x KC, then MR x NR tiles. */
function matmulBlocked(
  a: Buf, ao: number, transA: boolean, b: Buf, bo: number, transB: boolean, out: Buf, oo: number,
  m: number, k: number, n: number, accumulate: boolean,
): void {
  growScratch(Math.min(m, MC), Math.min(n, NC), Math.min(k, KC));
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packB(b, bo, transB, k, n, pc, kc, jc, nc, packedB);
      // The first depth block overwrites the output unless the caller accumulates into it.
      const add = accumulate || pc > 0;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packA(a, ao, transA, m, k, ic, mc, pc, kc, packedA);
        macroKernel(mc, nc, kc, out, oo + ic * n + jc, n, add);
      }
    }
  }
}

/**
 * Unpacked path for products thinner than one tile (m < MR or n < NR: a row vector times a matrix,
 * a matrix times a column): padding them to full tiles would waste most of the work, and packing
 * B would cost as much as the product itself. Four outputs share each load of op(A).
 */
function matmulDirect(
  a: Buf, ao: number, transA: boolean, b: Buf, bo: number, transB: boolean, out: Buf, oo: number,
  m: number, k: number, n: number, add: boolean,
): void {
  // op(A)[i][p] = a[ao + i*sai + p*sap], op(B)[p][j] = b[bo + p*sbp + j*sbj].
  const sai = transA ? 1 : k, sap = transA ? m : 1;
  const sbp = transB ? 1 : n, sbj = transB ? k : 1;
  for (let i = 0; i < m; i++) {
    const row = oo + i * n;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      let pa = ao + i * sai, pb = bo + j * sbj;
      for (let p = 0; p < k; p++) {
        const av = a[pa]!;
        c0 += av * b[pb]!; c1 += av * b[pb + sbj]!; c2 += av * b[pb + 2 * sbj]!; c3 += av * b[pb + 3 * sbj]!;
        pa += sap;
        pb += sbp;
      }
      const o = row + j;
      if (add) {
        out[o] = out[o]! + c0;
        out[o + 1] = out[o + 1]! + c1;
        out[o + 2] = out[o + 2]! + c2;
        out[o + 3] = out[o + 3]! + c3;
      } else {
        out[o] = c0; out[o + 1] = c1; out[o + 2] = c2; out[o + 3] = c3;
      }
    }
    for (; j < n; j++) {
      let c = 0, pa = ao + i * sai, pb = bo + j * sbj;
      for (let p = 0; p < k; p++) {
        c += a[pa]! * b[pb]!;
        pa += sap;
        pb += sbp;
      }
      out[row + j] = add ? out[row + j]! + c : c;
    }
  }
}

function growScratch(mc: number, nc: number, kc: number): void {
  const needA = roundUp(mc, MR) * kc;
  const needB = roundUp(nc, NR) * kc;
  if (packedA.length < needA) packedA = new Float64Array(needA);
  if (packedB.length < needB) packedB = new Float64Array(needB);
}

function roundUp(x: number, step: number): number {
  return Math.ceil(x / step) * step;
}

/** Runs the microkernel over every MR x NR tile of an mc x nc block at out[co], row stride ldc. */
function macroKernel(
  mc: number, nc: number, kc: number, out: Buf, co: number, ldc: number, add: boolean,
): void {
  const pa = packedA;
  const pb = packedB;
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = Math.min(NR, nc - jr);
    for (let ir = 0; ir < mc; ir += MR) {
      microKernel(kc, pa, ir * kc, pb, jr * kc, tile);
      storeTile(tile, Math.min(MR, mc - ir), nr, out, co + ir * ldc + jr, ldc, add);
    }
  }
}

/** Writes (or adds) the valid mr x nr corner of a tile into out; padded rows/columns are dropped. */
function storeTile(
  t: Float64Array, mr: number, nr: number, out: Buf, o: number, ldc: number, add: boolean,
): void {
  for (let i = 0; i < mr; i++) {
    const row = o + i * ldc;
    const ti = i * NR;
    if (add) for (let j = 0; j < nr; j++) out[row + j] = out[row + j]! + t[ti + j]!;
    else for (let j = 0; j < nr; j++) out[row + j] = t[ti + j]!;
  }
}

/**
 * Packs rows pc..pc+kc of op(B), columns jc..jc+nc, into NR-wide micro-panels: panel q holds
 * pb[q*kc*NR + p*NR + j] = op(B)[pc+p][jc+q*NR+j]. Lanes past column n are zeroed: the microkernel
 * computes full tiles without a branch and storeTile drops those lanes; zeros (rather than stale
 * values, possibly subnormal) keep that wasted work cheap.
 */
function packB(
  b: Buf, bo: number, transB: boolean, k: number, n: number, pc: number, kc: number, jc: number, nc: number,
  pb: Float64Array,
): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = Math.min(NR, nc - jr);
    const w = jr * kc;
    const col = jc + jr;
    if (transB) {
      // B is stored n x k: each column of op(B) is a contiguous row of b.
      for (let j = 0; j < nr; j++) {
        const src = bo + (col + j) * k + pc;
        for (let p = 0; p < kc; p++) pb[w + p * NR + j] = b[src + p]!;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const src = bo + (pc + p) * n + col;
        const dst = w + p * NR;
        for (let j = 0; j < nr; j++) pb[dst + j] = b[src + j]!;
      }
    }
    for (let j = nr; j < NR; j++) for (let p = 0; p < kc; p++) pb[w + p * NR + j] = 0;
  }
}

/**
 * Packs rows ic..ic+mc of op(A), columns pc..pc+kc, into MR-tall micro-panels: panel q holds
 * pa[q*kc*MR + p*MR + i] = op(A)[ic+q*MR+i][pc+p], zero past row m (see packB).
 */
function packA(
  a: Buf, ao: number, transA: boolean, m: number, k: number, ic: number, mc: number, pc: number, kc: number,
  pa: Float64Array,
): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = Math.min(MR, mc - ir);
    const w = ir * kc;
    const row = ic + ir;
    if (transA) {
      // A is stored k x m: the MR values of one depth step are adjacent in a.
      for (let p = 0; p < kc; p++) {
        const src = ao + (pc + p) * m + row;
        const dst = w + p * MR;
        for (let i = 0; i < mr; i++) pa[dst + i] = a[src + i]!;
      }
    } else {
      for (let i = 0; i < mr; i++) {
        const src = ao + (row + i) * k + pc;
        for (let p = 0; p < kc; p++) pa[w + p * MR + i] = a[src + p]!;
      }
    }
    for (let i = mr; i < MR; i++) for (let p = 0; p < kc; p++) pa[w + p * MR + i] = 0;
  }
}

/**
 * t (MR x NR) = sum over p < kc of pa[ao + p*MR + i] * pb[bo + p*NR + j]. The 32 sums live in local
 * variables, which V8 keeps unboxed; each depth step loads 12 values for 32 multiply-adds.
 */
function microKernel(
  kc: number, pa: Float64Array, ao: number, pb: Float64Array, bo: number, t: Float64Array,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0, c16 = 0, c17 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c24 = 0, c25 = 0, c26 = 0, c27 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0, c34 = 0, c35 = 0, c36 = 0, c37 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = pa[ao]!, a1 = pa[ao + 1]!, a2 = pa[ao + 2]!, a3 = pa[ao + 3]!;
    const b0 = pb[bo]!, b1 = pb[bo + 1]!, b2 = pb[bo + 2]!, b3 = pb[bo + 3]!;
    const b4 = pb[bo + 4]!, b5 = pb[bo + 5]!, b6 = pb[bo + 6]!, b7 = pb[bo + 7]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c04 += a0 * b4; c05 += a0 * b5; c06 += a0 * b6; c07 += a0 * b7;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c14 += a1 * b4; c15 += a1 * b5; c16 += a1 * b6; c17 += a1 * b7;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c24 += a2 * b4; c25 += a2 * b5; c26 += a2 * b6; c27 += a2 * b7;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    c34 += a3 * b4; c35 += a3 * b5; c36 += a3 * b6; c37 += a3 * b7;
    ao += MR;
    bo += NR;
  }
  t[0] = c00; t[1] = c01; t[2] = c02; t[3] = c03; t[4] = c04; t[5] = c05; t[6] = c06; t[7] = c07;
  t[8] = c10; t[9] = c11; t[10] = c12; t[11] = c13; t[12] = c14; t[13] = c15; t[14] = c16; t[15] = c17;
  t[16] = c20; t[17] = c21; t[18] = c22; t[19] = c23; t[20] = c24; t[21] = c25; t[22] = c26; t[23] = c27;
  t[24] = c30; t[25] = c31; t[26] = c32; t[27] = c33; t[28] = c34; t[29] = c35; t[30] = c36; t[31] = c37;
}
