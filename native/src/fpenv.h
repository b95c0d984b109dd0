// Flush-to-zero / denormals-are-zero for the addon's own work. Denormal operands slow float math by
// 10-100x on x86 (PyTorch loses 25-45% to them after the first epoch, see performance-notes.md).
// Included only by baseline-compiled units (addon.cc, pool.cc).
#ifndef DESCENT_FPENV_H_
#define DESCENT_FPENV_H_

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
#include <xmmintrin.h>
#define DESCENT_FPENV_X86 1
#endif

namespace descent {

/** Sets FTZ/DAZ on this thread until destroyed, then restores the caller's mode (JS needs IEEE). */
class FlushDenormals {
 public:
  FlushDenormals() {
#if defined(DESCENT_FPENV_X86)
    saved_ = _mm_getcsr();
    // Bit 15: flush-to-zero; bit 6: denormals-are-zero.
    if ((saved_ & 0x8040u) != 0x8040u) _mm_setcsr(saved_ | 0x8040u);
#elif defined(__aarch64__)
    unsigned long fpcr;
    __asm__ __volatile__("mrs %0, fpcr" : "=r"(fpcr));
    saved_ = fpcr;
    // Bit 24 (FZ) flushes denormal inputs and outputs to zero.
    if ((fpcr & (1ul << 24)) == 0) __asm__ __volatile__("msr fpcr, %0" : : "r"(fpcr | (1ul << 24)));
#endif
  }
  ~FlushDenormals() {
#if defined(DESCENT_FPENV_X86)
    if (_mm_getcsr() != saved_) _mm_setcsr(saved_);
#elif defined(__aarch64__)
    __asm__ __volatile__("msr fpcr, %0" : : "r"(saved_));
#endif
  }
  FlushDenormals(const FlushDenormals&) = delete;
  FlushDenormals& operator=(const FlushDenormals&) = delete;

 private:
#if defined(__aarch64__)
  unsigned long saved_ = 0;
#else
  unsigned saved_ = 0;
#endif
};

/** Sets FTZ/DAZ for the rest of this thread's life (the pool's workers). */
inline void flush_denormals_forever() {
#if defined(DESCENT_FPENV_X86)
  _mm_setcsr(_mm_getcsr() | 0x8040u);
#elif defined(__aarch64__)
  unsigned long fpcr;
  __asm__ __volatile__("mrs %0, fpcr" : "=r"(fpcr));
  __asm__ __volatile__("msr fpcr, %0" : : "r"(fpcr | (1ul << 24)));
#endif
}

}  // namespace descent

#endif  // DESCENT_FPENV_H_
