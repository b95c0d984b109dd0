// Single-precision GEMM: C (m x n) = op(A) (m x k) * op(B) (k x n) [+ C].
// Transposes are resolved in the packing step: op(A) is copied into panels of
// MR = 4 rows (k x 4, interleaved) and op(B) into panels of 8 columns (k x 8),
// both zero-padded, so a 4x8 register tile (8 f32x4 accumulators) reads both
// operands contiguously. Measured on the MLP shapes and 512^3/1024^3: a 6x8 or
// 5x8 tile runs at half the speed (V8 spills the accumulators), and blocking
// the depth by 256 gained nothing; full tiles are written straight into C.
// Each element of C is summed over p = 0..k-1 in order whatever range is
// computed, so a product split over rows or columns (gemmRange) is bitwise the
// same as one call. Scratch `pack` is owned by the JS side: gemmScratch floats.

const MR = 4;
const NR = 8;

@inline function madd(a: v128, b: v128, c: v128): v128 {
  // One source gives both builds: the relaxed build fuses the multiply-add.
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

@inline function at(base: usize, index: i32): f32 { return load<f32>(base + (<usize>index << 2)); }

/** Floats of scratch that gemmRange needs for a block of `rows` x `cols` of C with depth k. */
export function gemmScratch(rows: i32, k: i32, cols: i32): i32 {
  return ((rows + MR - 1) / MR) * MR * k + ((cols + NR - 1) >> 3) * NR * k + MR * NR;
}

// Rows i0..i1 of op(A) into MR-row panels; a panel is k steps of MR floats.
function packA(a: usize, dst: usize, m: i32, k: i32, transA: bool, i0: i32, i1: i32): void {
  const panels = (i1 - i0 + MR - 1) / MR;
  for (let ib = 0; ib < panels; ib++) {
    const base = i0 + ib * MR;
    const rows = min(MR, i1 - base);
    let d = dst + (<usize>(ib * k * MR) << 2);
    if (transA) {
      // op(A) row i, step p is A[p][i]: each step's MR values are contiguous.
      for (let p = 0; p < k; p++) {
        const s = a + (<usize>(p * m + base) << 2);
        for (let r = 0; r < MR; r++) store<f32>(d + (<usize>r << 2), r < rows ? load<f32>(s + (<usize>r << 2)) : 0);
        d += MR << 2;
      }
    } else {
      for (let r = 0; r < MR; r++) {
        const s = a + (<usize>((base + r) * k) << 2);
        const dr = d + (<usize>r << 2);
        if (r < rows) {
          for (let p = 0; p < k; p++) store<f32>(dr + (<usize>(p * MR) << 2), load<f32>(s + (<usize>p << 2)));
        } else {
          for (let p = 0; p < k; p++) store<f32>(dr + (<usize>(p * MR) << 2), 0);
        }
      }
    }
  }
}

// Columns j0..j1 of op(B) into 8-column panels; a panel is k steps of 8 floats.
function packB(b: usize, dst: usize, k: i32, n: i32, transB: bool, j0: i32, j1: i32): void {
  const panels = (j1 - j0 + NR - 1) >> 3;
  for (let jb = 0; jb < panels; jb++) {
    const base = j0 + jb * NR;
    const cols = min(NR, j1 - base);
    const d = dst + (<usize>(jb * k * NR) << 2);
    if (transB) {
      // op(B) step p, column j is B[j][p]: walk each source row once.
      for (let c = 0; c < NR; c++) {
        const s = b + (<usize>((base + c) * k) << 2);
        const dc = d + (<usize>c << 2);
        if (c < cols) {
          for (let p = 0; p < k; p++) store<f32>(dc + (<usize>(p * NR) << 2), load<f32>(s + (<usize>p << 2)));
        } else {
          for (let p = 0; p < k; p++) store<f32>(dc + (<usize>(p * NR) << 2), 0);
        }
      }
    } else if (cols === NR) {
      for (let p = 0; p < k; p++) {
        const s = b + (<usize>(p * n + base) << 2);
        const dp = d + (<usize>(p * NR) << 2);
        v128.store(dp, v128.load(s));
        v128.store(dp, v128.load(s, 16), 16);
      }
    } else {
      for (let p = 0; p < k; p++) {
        const s = b + (<usize>(p * n + base) << 2);
        const dp = d + (<usize>(p * NR) << 2);
        for (let c = 0; c < NR; c++) store<f32>(dp + (<usize>c << 2), c < cols ? load<f32>(s + (<usize>c << 2)) : 0);
      }
    }
  }
}

// One row of a full tile into C (add: added to what C holds).
@inline function storeRow(dst: usize, lo: v128, hi: v128, add: bool): void {
  if (add) {
    v128.store(dst, f32x4.add(v128.load(dst), lo));
    v128.store(dst, f32x4.add(v128.load(dst, 16), hi), 16);
  } else {
    v128.store(dst, lo);
    v128.store(dst, hi, 16);
  }
}

// A tile at the edge of C, clipped to rows x cols, through the scratch tile.
function storeEdge(c: usize, tile: usize, n: i32, i0: i32, j0: i32, rows: i32, cols: i32, add: bool): void {
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      const dst = c + (<usize>((i0 + r) * n + j0 + q) << 2);
      const v = at(tile, r * NR + q);
      store<f32>(dst, add ? load<f32>(dst) + v : v);
    }
  }
}

/**
 * C[i0:i1, j0:j1] of the product, packing only those rows of op(A) and columns of op(B) into `pack`
 * (gemmScratch(i1 - i0, k, j1 - j0) floats). Two calls on disjoint ranges may run at once on a
 * shared memory with their own `pack`.
 */
export function gemmRange(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool,
  accumulate: bool, pack: usize, i0: i32, i1: i32, j0: i32, j1: i32): void {
  if (i1 <= i0 || j1 <= j0) return;
  const mPanels = (i1 - i0 + MR - 1) / MR;
  const nPanels = (j1 - j0 + NR - 1) >> 3;
  const pa = pack;
  const pb = pack + (<usize>(mPanels * MR * k) << 2);
  const tile = pb + (<usize>(nPanels * NR * k) << 2);
  packA(a, pa, m, k, transA, i0, i1);
  packB(b, pb, k, n, transB, j0, j1);
  const add = accumulate;
  for (let jb = 0; jb < nPanels; jb++) {
    const bp0 = pb + (<usize>(jb * k * NR) << 2);
    const jc = j0 + jb * NR;
    const cols = min(NR, j1 - jc);
    for (let ib = 0; ib < mPanels; ib++) {
      let ap = pa + (<usize>(ib * k * MR) << 2);
      let bp = bp0;
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
      let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
      let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      for (let p = 0; p < k; p++) {
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        let x = v128.load32_splat(ap, 0);
        c00 = madd(x, b0, c00); c01 = madd(x, b1, c01);
        x = v128.load32_splat(ap, 4);
        c10 = madd(x, b0, c10); c11 = madd(x, b1, c11);
        x = v128.load32_splat(ap, 8);
        c20 = madd(x, b0, c20); c21 = madd(x, b1, c21);
        x = v128.load32_splat(ap, 12);
        c30 = madd(x, b0, c30); c31 = madd(x, b1, c31);
        ap += MR << 2;
        bp += NR << 2;
      }
      const ic = i0 + ib * MR;
      const rows = min(MR, i1 - ic);
      if (rows === MR && cols === NR) {
        const row = c + (<usize>(ic * n + jc) << 2);
        const stride = <usize>n << 2;
        storeRow(row, c00, c01, add);
        storeRow(row + 1 * stride, c10, c11, add);
        storeRow(row + 2 * stride, c20, c21, add);
        storeRow(row + 3 * stride, c30, c31, add);
      } else {
        v128.store(tile, c00); v128.store(tile, c01, 16);
        v128.store(tile, c10, 32); v128.store(tile, c11, 48);
        v128.store(tile, c20, 64); v128.store(tile, c21, 80);
        v128.store(tile, c30, 96); v128.store(tile, c31, 112);
        storeEdge(c, tile, n, ic, jc, rows, cols, add);
      }
    }
  }
}

/** The whole product: gemmRange over all of C. `pack` holds gemmScratch(m, k, n) floats. */
export function gemm(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool, accumulate: bool, pack: usize): void {
  gemmRange(a, b, c, m, k, n, transA, transB, accumulate, pack, 0, m, 0, n);
}
