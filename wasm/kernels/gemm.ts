// Single-precision GEMM: C (m x n) = op(A) (m x k) * op(B) (k x n) [+ C].
// Transposes are resolved in the packing step: op(A) is copied into panels of
// 4 rows (k x 4, interleaved) and op(B) into panels of 8 columns (k x 8), both
// zero-padded, so a 4x8 register tile (8 f32x4 accumulators) reads both
// operands contiguously. Scratch `pack` is owned by the JS side and must hold
// ceil(m/4)*4*k + ceil(n/8)*8*k + 32 floats.

@inline function madd(a: v128, b: v128, c: v128): v128 {
  // One source gives both builds: the relaxed build fuses the multiply-add.
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

@inline function at(base: usize, index: i32): f32 { return load<f32>(base + (<usize>index << 2)); }

function packA(a: usize, dst: usize, m: i32, k: i32, transA: bool): void {
  const panels = (m + 3) >> 2;
  for (let ib = 0; ib < panels; ib++) {
    for (let p = 0; p < k; p++) {
      for (let r = 0; r < 4; r++) {
        const i = ib * 4 + r;
        const v: f32 = i < m ? (transA ? at(a, p * m + i) : at(a, i * k + p)) : 0;
        store<f32>(dst + (<usize>((ib * k + p) * 4 + r) << 2), v);
      }
    }
  }
}

function packB(b: usize, dst: usize, k: i32, n: i32, transB: bool): void {
  const panels = (n + 7) >> 3;
  for (let jb = 0; jb < panels; jb++) {
    for (let p = 0; p < k; p++) {
      for (let c = 0; c < 8; c++) {
        const j = jb * 8 + c;
        const v: f32 = j < n ? (transB ? at(b, j * k + p) : at(b, p * n + j)) : 0;
        store<f32>(dst + (<usize>((jb * k + p) * 8 + c) << 2), v);
      }
    }
  }
}

export function gemm(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool, accumulate: bool, pack: usize): void {
  const mPanels = (m + 3) >> 2;
  const nPanels = (n + 7) >> 3;
  const pa = pack;
  const pb = pack + (<usize>(mPanels * 4 * k) << 2);
  const tile = pb + (<usize>(nPanels * 8 * k) << 2);
  packA(a, pa, m, k, transA);
  packB(b, pb, k, n, transB);
  for (let jb = 0; jb < nPanels; jb++) {
    const bp0 = pb + (<usize>(jb * k * 8) << 2);
    for (let ib = 0; ib < mPanels; ib++) {
      let ap = pa + (<usize>(ib * k * 4) << 2);
      let bp = bp0;
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
      let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
      let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      for (let p = 0; p < k; p++) {
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        const a0 = v128.load32_splat(ap);
        const a1 = v128.load32_splat(ap, 4);
        const a2 = v128.load32_splat(ap, 8);
        const a3 = v128.load32_splat(ap, 12);
        c00 = madd(a0, b0, c00); c01 = madd(a0, b1, c01);
        c10 = madd(a1, b0, c10); c11 = madd(a1, b1, c11);
        c20 = madd(a2, b0, c20); c21 = madd(a2, b1, c21);
        c30 = madd(a3, b0, c30); c31 = madd(a3, b1, c31);
        ap += 16;
        bp += 32;
      }
      v128.store(tile, c00); v128.store(tile, c01, 16);
      v128.store(tile, c10, 32); v128.store(tile, c11, 48);
      v128.store(tile, c20, 64); v128.store(tile, c21, 80);
      v128.store(tile, c30, 96); v128.store(tile, c31, 112);
      const i0 = ib * 4;
      const j0 = jb * 8;
      const rows = min(4, m - i0);
      const cols = min(8, n - j0);
      for (let r = 0; r < rows; r++) {
        for (let q = 0; q < cols; q++) {
          const dst = c + (<usize>((i0 + r) * n + j0 + q) << 2);
          const v = at(tile, r * 8 + q);
          store<f32>(dst, accumulate ? load<f32>(dst) + v : v);
        }
      }
    }
  }
}
