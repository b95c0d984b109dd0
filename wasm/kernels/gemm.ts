// Single-precision GEMM: C (m x n) = op(A) (m x k) * op(B) (k x n) [+ C].
// The transposes are resolved in the packing step: op(B) is copied row-major
// into `pack` (k x n floats, scratch owned by the JS side), so the inner loop
// always reads B contiguously, four columns per f32x4.

@inline function madd(a: v128, b: v128, c: v128): v128 {
  // One source gives both builds: the relaxed build fuses the multiply-add.
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

function packB(b: usize, pack: usize, k: i32, n: i32, transB: bool): void {
  for (let p = 0; p < k; p++) {
    for (let j = 0; j < n; j++) {
      const src = transB ? <usize>(j * k + p) : <usize>(p * n + j);
      store<f32>(pack + (<usize>(p * n + j) << 2), load<f32>(b + (src << 2)));
    }
  }
}

export function gemm(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool, accumulate: bool, pack: usize): void {
  packB(b, pack, k, n, transB);
  const n4 = n & ~3;
  for (let i = 0; i < m; i++) {
    const crow = c + (<usize>(i * n) << 2);
    let j = 0;
    for (; j < n4; j += 4) {
      let acc = f32x4.splat(0);
      for (let p = 0; p < k; p++) {
        const ai = transA ? <usize>(p * m + i) : <usize>(i * k + p);
        const av = f32x4.splat(load<f32>(a + (ai << 2)));
        acc = madd(av, v128.load(pack + (<usize>(p * n + j) << 2)), acc);
      }
      const dst = crow + (<usize>j << 2);
      if (accumulate) acc = f32x4.add(acc, v128.load(dst));
      v128.store(dst, acc);
    }
    for (; j < n; j++) {
      let s: f32 = 0;
      for (let p = 0; p < k; p++) {
        const ai = transA ? <usize>(p * m + i) : <usize>(i * k + p);
        s += load<f32>(a + (ai << 2)) * load<f32>(pack + (<usize>(p * n + j) << 2));
      }
      const dst = crow + (<usize>j << 2);
      store<f32>(dst, accumulate ? s + load<f32>(dst) : s);
    }
  }
}
