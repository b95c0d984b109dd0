// The AVX-512F kernel set: compiled with -mavx512f -mfma (see binding.gyp) and selected at load time
// only when the CPU reports AVX-512F. GEMM microkernel: MR rows x 32 columns (two zmm per row).
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "kernels.h"

#ifndef DESCENT_AVX512_MR
#define DESCENT_AVX512_MR 8
#endif

namespace descent {
namespace {

#include "pack_generic.inc"
#include "vmath.inc"

// Lanes [0, n) set, n in [0, 16].
inline __mmask16 lanes(i64 n) {
  return n >= 16 ? static_cast<__mmask16>(0xffff) : static_cast<__mmask16>((1u << n) - 1u);
}

inline __m512 unpacklo_pd(__m512 a, __m512 b) {
  return _mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(a), _mm512_castps_pd(b)));
}
inline __m512 unpackhi_pd(__m512 a, __m512 b) {
  return _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(a), _mm512_castps_pd(b)));
}

// Transposes a block of up to 16 rows x 16 steps: row r < rows is src + r * ld, steps [0, cnt); step
// p of the result goes to dst + p * W (lanes in `store`, rows >= `rows` as zeros). 64 shuffles per
// 256 floats instead of 256 scalar moves: packing a transposed operand was 27% of an NT product.
template <int W>
inline void transpose16(const float* src, i64 ld, int rows, i64 cnt, float* dst, __mmask16 store) {
  const __mmask16 load = lanes(cnt);
  __m512 r[16], t[16];
  for (int i = 0; i < 16; ++i) r[i] = i < rows ? _mm512_maskz_loadu_ps(load, src + i * ld) : _mm512_setzero_ps();
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int i = 0; i < 16; i += 4) {
    r[i] = unpacklo_pd(t[i], t[i + 2]);
    r[i + 1] = unpackhi_pd(t[i], t[i + 2]);
    r[i + 2] = unpacklo_pd(t[i + 1], t[i + 3]);
    r[i + 3] = unpackhi_pd(t[i + 1], t[i + 3]);
  }
  for (int h = 0; h < 16; h += 8) {
    for (int i = 0; i < 4; ++i) {
      t[h + i] = _mm512_shuffle_f32x4(r[h + i], r[h + i + 4], 0x88);
      t[h + i + 4] = _mm512_shuffle_f32x4(r[h + i], r[h + i + 4], 0xdd);
    }
  }
  for (int i = 0; i < 8; ++i) {
    r[i] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0x88);
    r[i + 8] = _mm512_shuffle_f32x4(t[i], t[i + 8], 0xdd);
  }
  for (i64 p = 0; p < cnt; ++p) _mm512_mask_storeu_ps(dst + p * W, store, r[p]);
}

struct Isa {
  static constexpr int MR = DESCENT_AVX512_MR;
  static constexpr int NR = 32;

  // Step p: W contiguous floats at src + p * ld, lanes >= w zeroed; whole-vector moves, no memcpy calls.
  template <int W>
  static void pack_copy(float* dst, const float* src, i64 ld, i64 kc, int w) {
    static_assert(W <= 32, "panel wider than two vectors");
    const __mmask16 m0 = lanes(w), m1 = lanes(w - 16 > 0 ? w - 16 : 0);
    const __mmask16 s0 = lanes(W), s1 = lanes(W - 16 > 0 ? W - 16 : 0);
    for (i64 p = 0; p < kc; ++p) {
      _mm512_mask_storeu_ps(dst + p * W, s0, _mm512_maskz_loadu_ps(m0, src + p * ld));
      if (W > 16) _mm512_mask_storeu_ps(dst + p * W + 16, s1, _mm512_maskz_loadu_ps(m1, src + p * ld + 16));
    }
  }

  // Lane j of step p is src[j * ld + p]: 16 x 16 register transposes.
  template <int W>
  static void pack_transpose(float* dst, const float* src, i64 ld, i64 kc, int w) {
    static_assert(W <= 32, "panel wider than two vectors");
    for (i64 p0 = 0; p0 < kc; p0 += 16) {
      const i64 cnt = kc - p0 < 16 ? kc - p0 : 16;
      for (int j0 = 0; j0 < W; j0 += 16) {
        const int rows = w - j0 < 0 ? 0 : (w - j0 > 16 ? 16 : w - j0);
        transpose16<W>(src + j0 * ld + p0, ld, rows, cnt, dst + p0 * W + j0, lanes(W - j0));
      }
    }
  }

  // C tile (mr x nr of MR x 32) (+)= A panel x B panel over kc steps. Accumulators: 2 MR zmm.
  static void kernel(i64 kc, const float* __restrict a, const float* __restrict b, float* c, i64 ldc, int mr,
                     int nr, bool overwrite) {
    __m512 c0[MR], c1[MR];
    for (int i = 0; i < MR; ++i) {
      c0[i] = _mm512_setzero_ps();
      c1[i] = _mm512_setzero_ps();
      _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc), _MM_HINT_T0);
      _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc + 16), _MM_HINT_T0);
    }
#pragma GCC unroll 4
    for (i64 p = 0; p < kc; ++p) {
      const __m512 b0 = _mm512_load_ps(b);
      const __m512 b1 = _mm512_load_ps(b + 16);
      for (int i = 0; i < MR; ++i) {
        const __m512 ai = _mm512_set1_ps(a[i]);
        c0[i] = _mm512_fmadd_ps(ai, b0, c0[i]);
        c1[i] = _mm512_fmadd_ps(ai, b1, c1[i]);
      }
      a += MR;
      b += NR;
    }
    // Edge columns are masked; edge rows are skipped. No separate slow path for partial tiles.
    const __mmask16 m0 = nr >= 16 ? static_cast<__mmask16>(0xffff) : static_cast<__mmask16>((1u << nr) - 1u);
    const __mmask16 m1 = nr >= 32   ? static_cast<__mmask16>(0xffff)
                         : nr > 16 ? static_cast<__mmask16>((1u << (nr - 16)) - 1u)
                                   : static_cast<__mmask16>(0);
    for (int i = 0; i < MR; ++i) {
      if (i >= mr) break;
      float* ci = c + i * ldc;
      if (overwrite) {
        _mm512_mask_storeu_ps(ci, m0, c0[i]);
        _mm512_mask_storeu_ps(ci + 16, m1, c1[i]);
      } else {
        _mm512_mask_storeu_ps(ci, m0, _mm512_add_ps(_mm512_maskz_loadu_ps(m0, ci), c0[i]));
        _mm512_mask_storeu_ps(ci + 16, m1, _mm512_add_ps(_mm512_maskz_loadu_ps(m1, ci + 16), c1[i]));
      }
    }
  }
};

#include "gemm_driver.inc"
#include "elementwise.inc"
#include "fused.inc"

const KernelTable kTable = {"avx512", gemm,     unary,        binary,       sum_rows, sum_cols,
                            softmax,  bias_act, act_backward, softmax_xent, optim};

}  // namespace

const KernelTable* kernels_avx512() { return &kTable; }

}  // namespace descent
