// The AVX2 + FMA kernel set: compiled with -mavx2 -mfma (see binding.gyp) and selected at load time
// when the CPU has both but not AVX-512F. GEMM microkernel: 6 rows x 16 columns (12 ymm accumulators).
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "kernels.h"

namespace descent {
namespace {

#include "pack_generic.inc"
#include "vmath.inc"

// Lane masks for maskload/maskstore: eight -1 then eight 0, read from offset 8 - n (see mask_for).
alignas(32) const std::int32_t kMaskTable[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};

// A mask with the first n (0..8) lanes set.
inline __m256i mask_for(int n) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kMaskTable + 8 - n));
}

struct Isa {
  static constexpr int MR = 6;
  static constexpr int NR = 16;

  template <int W>
  static void pack_copy(float* dst, const float* src, i64 ld, i64 kc, int w) {
    pack_copy_generic<W>(dst, src, ld, kc, w);
  }
  template <int W>
  static void pack_transpose(float* dst, const float* src, i64 ld, i64 kc, int w) {
    pack_transpose_generic<W>(dst, src, ld, kc, w);
  }

  // Twelve named accumulators: GCC keeps an array of 12 ymm in memory (16 registers are too tight for
  // its allocator), which halved the speed; named variables stay in registers.
  static void kernel(i64 kc, const float* __restrict a, const float* __restrict b, float* c, i64 ldc, int mr,
                     int nr, bool overwrite) {
    for (int i = 0; i < MR; ++i) _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc), _MM_HINT_T0);
    __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
#pragma GCC unroll 4
    for (i64 p = 0; p < kc; ++p) {
      const __m256 b0 = _mm256_load_ps(b);
      const __m256 b1 = _mm256_load_ps(b + 8);
      __m256 ai = _mm256_broadcast_ss(a);
      c00 = _mm256_fmadd_ps(ai, b0, c00);
      c01 = _mm256_fmadd_ps(ai, b1, c01);
      ai = _mm256_broadcast_ss(a + 1);
      c10 = _mm256_fmadd_ps(ai, b0, c10);
      c11 = _mm256_fmadd_ps(ai, b1, c11);
      ai = _mm256_broadcast_ss(a + 2);
      c20 = _mm256_fmadd_ps(ai, b0, c20);
      c21 = _mm256_fmadd_ps(ai, b1, c21);
      ai = _mm256_broadcast_ss(a + 3);
      c30 = _mm256_fmadd_ps(ai, b0, c30);
      c31 = _mm256_fmadd_ps(ai, b1, c31);
      ai = _mm256_broadcast_ss(a + 4);
      c40 = _mm256_fmadd_ps(ai, b0, c40);
      c41 = _mm256_fmadd_ps(ai, b1, c41);
      ai = _mm256_broadcast_ss(a + 5);
      c50 = _mm256_fmadd_ps(ai, b0, c50);
      c51 = _mm256_fmadd_ps(ai, b1, c51);
      a += MR;
      b += NR;
    }
    const __m256 lo[MR] = {c00, c10, c20, c30, c40, c50};
    const __m256 hi[MR] = {c01, c11, c21, c31, c41, c51};
    const __m256i m0 = mask_for(nr >= 8 ? 8 : nr);
    const __m256i m1 = mask_for(nr >= 16 ? 8 : nr > 8 ? nr - 8 : 0);
    for (int i = 0; i < MR; ++i) {
      if (i >= mr) break;
      float* ci = c + i * ldc;
      if (nr == NR) {
        if (overwrite) {
          _mm256_storeu_ps(ci, lo[i]);
          _mm256_storeu_ps(ci + 8, hi[i]);
        } else {
          _mm256_storeu_ps(ci, _mm256_add_ps(_mm256_loadu_ps(ci), lo[i]));
          _mm256_storeu_ps(ci + 8, _mm256_add_ps(_mm256_loadu_ps(ci + 8), hi[i]));
        }
      } else if (overwrite) {
        _mm256_maskstore_ps(ci, m0, lo[i]);
        _mm256_maskstore_ps(ci + 8, m1, hi[i]);
      } else {
        _mm256_maskstore_ps(ci, m0, _mm256_add_ps(_mm256_maskload_ps(ci, m0), lo[i]));
        _mm256_maskstore_ps(ci + 8, m1, _mm256_add_ps(_mm256_maskload_ps(ci + 8, m1), hi[i]));
      }
    }
  }
};

#include "gemm_driver.inc"
#include "elementwise.inc"
#include "fused.inc"

const KernelTable kTable = {"avx2",  gemm,     unary,        binary,       sum_rows, sum_cols,
                            softmax, bias_act, act_backward, softmax_xent, optim};

}  // namespace

const KernelTable* kernels_avx2() { return &kTable; }

}  // namespace descent
