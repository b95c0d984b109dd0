// Runtime CPU dispatch: the AVX-512 and AVX2 units are always compiled on x86-64 (with per-file
// flags), and used only when __builtin_cpu_supports says the CPU (and OS, via XCR0) has them.
#include "dispatch.h"

#include <cstring>

namespace descent {

namespace {

#if defined(DESCENT_X86_KERNELS)
bool has_avx512() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
}
bool has_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#endif

}  // namespace

int supported_kernels(const char* out[3]) {
  int n = 0;
#if defined(DESCENT_X86_KERNELS)
  if (has_avx512()) out[n++] = "avx512";
  if (has_avx2()) out[n++] = "avx2";
#endif
  out[n++] = "portable";
  return n;
}

const KernelTable* kernels_named(const char* name) {
#if defined(DESCENT_X86_KERNELS)
  if (std::strcmp(name, "avx512") == 0) return has_avx512() ? kernels_avx512() : nullptr;
  if (std::strcmp(name, "avx2") == 0) return has_avx2() ? kernels_avx2() : nullptr;
#endif
  if (std::strcmp(name, "portable") == 0) return kernels_portable();
  return nullptr;
}

}  // namespace descent
