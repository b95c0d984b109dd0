// The portable kernel set: plain C++ that compiles on any target (x86-64 baseline, arm64, ...) and
// that the compiler auto-vectorizes for whatever the baseline offers (SSE2, NEON).
#include <cstddef>
#include <cstdint>

#include "kernels.h"

namespace descent {
namespace {

#include "pack_generic.inc"
#include "vmath.inc"

struct Isa {
#if defined(__aarch64__)
  // 32 vector registers: 16 accumulators of 4 lanes plus operands.
  static constexpr int MR = 8;
  static constexpr int NR = 8;
#else
  // 16 SSE registers: 8 accumulators of 4 lanes plus operands.
  static constexpr int MR = 4;
  static constexpr int NR = 8;
#endif

  template <int W>
  static void pack_copy(float* dst, const float* src, i64 ld, i64 kc, int w) {
    pack_copy_generic<W>(dst, src, ld, kc, w);
  }
  template <int W>
  static void pack_transpose(float* dst, const float* src, i64 ld, i64 kc, int w) {
    pack_transpose_generic<W>(dst, src, ld, kc, w);
  }

  // C tile (mr x nr of MR x NR) (+)= A panel (MR per step) x B panel (NR per step) over kc steps.
  static void kernel(i64 kc, const float* __restrict a, const float* __restrict b, float* c, i64 ldc, int mr,
                     int nr, bool overwrite) {
    float acc[MR][NR] = {};
    for (i64 p = 0; p < kc; ++p) {
      for (int i = 0; i < MR; ++i) {
        const float ai = a[i];
        for (int j = 0; j < NR; ++j) acc[i][j] += ai * b[j];
      }
      a += MR;
      b += NR;
    }
    for (int i = 0; i < mr; ++i) {
      float* ci = c + i * ldc;
      if (overwrite) {
        for (int j = 0; j < nr; ++j) ci[j] = acc[i][j];
      } else {
        for (int j = 0; j < nr; ++j) ci[j] += acc[i][j];
      }
    }
  }
};

#include "gemm_driver.inc"
#include "elementwise.inc"
#include "fused.inc"

const KernelTable kTable = {"portable", gemm,     unary,        binary,       sum_rows, sum_cols,
                            softmax,    bias_act, act_backward, softmax_xent, optim};

}  // namespace

const KernelTable* kernels_portable() { return &kTable; }

}  // namespace descent
