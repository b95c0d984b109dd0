// im2col and col2im in float32 (declared in windows.h): portable C++ compiled once for the baseline
// target. They are memory-bound, so what matters is that the contiguous runs are plain copies and adds
// the compiler vectorizes. Each matches its TypeScript twin (src/backend/cpu/window.ts) bit for bit.
// NOTE: no std:: templates here (std::min, std::fill, std::vector): an instantiation emitted by an
// AVX-512 unit could be the one the linker keeps (see kernels.h). libc calls and own helpers only.
#include <cstring>

#include "windows.h"
#include "windows_common.h"

namespace descent {
namespace {

// One (row (c, i, j), image) block of the patch matrix: oh * ow contiguous floats.
void im2col_block(const float* x, const Window& g, float* cols, i64 row, i64 b) {
  const i64 plane = g.oh * g.ow;
  const i64 ci = row / (g.kh * g.kw), i = (row / g.kw) % g.kh, j = row % g.kw;
  const Range ry = valid_range(g.oh, g.h, g.sh, g.ph, i * g.dh);
  const Range rx = valid_range(g.ow, g.w, g.sw, g.pw, j * g.dw);
  float* col = cols + row * g.n * plane + b * plane;
  const float* xp = x + (b * g.c + ci) * g.h * g.w;
  if (g.sh == 1 && g.sw == 1 && g.ow == g.w && ry.lo < ry.hi && rx.lo < rx.hi) {
    // Stride 1 with the output as wide as the input ('same' padding): the block is the input plane
    // shifted by a constant, so its valid part is one copy; the few padding columns it spans (which
    // picked up the neighbouring row's ends) are zeroed after: 2.0 ms instead of 2.6 at W4's conv2.
    const i64 first = ry.lo * g.ow + rx.lo, last = (ry.hi - 1) * g.ow + rx.hi;
    const i64 src = (ry.lo - g.ph + i * g.dh) * g.w - g.pw + j * g.dw + rx.lo;
    std::memcpy(col + first, xp + src, static_cast<std::size_t>(last - first) * sizeof(float));
    zero(col, first);
    zero(col + last, plane - last);
    for (i64 oy = ry.lo; oy < ry.hi; ++oy) {
      float* dst = col + oy * g.ow;
      for (i64 t = 0; t < rx.lo; ++t) dst[t] = 0;
      for (i64 t = rx.hi; t < g.ow; ++t) dst[t] = 0;
    }
    return;
  }
  zero(col, ry.lo * g.ow);
  for (i64 oy = ry.lo; oy < ry.hi; ++oy) {
    float* dst = col + oy * g.ow;
    const i64 src = (oy * g.sh - g.ph + i * g.dh) * g.w - g.pw + j * g.dw;
    zero(dst, rx.lo);
    if (g.sw == 1) {
      if (rx.hi > rx.lo) std::memcpy(dst + rx.lo, xp + src + rx.lo, static_cast<std::size_t>(rx.hi - rx.lo) * 4);
    } else {
      for (i64 ox = rx.lo; ox < rx.hi; ++ox) dst[ox] = xp[src + ox * g.sw];
    }
    zero(dst + rx.hi, g.ow - rx.hi);
  }
  zero(col + ry.hi * g.ow, (g.oh - ry.hi) * g.ow);
}

// One (n, c) plane of dx: zeroed, then every tap of every patch row of channel c added in (i, j) order.
void col2im_plane(const float* cols, const Window& g, float* dx, i64 p) {
  const i64 plane = g.oh * g.ow, b = p / g.c, ci = p % g.c;
  float* d = dx + p * g.h * g.w;
  zero(d, g.h * g.w);
  for (i64 i = 0; i < g.kh; ++i) {
    const Range ry = valid_range(g.oh, g.h, g.sh, g.ph, i * g.dh);
    for (i64 j = 0; j < g.kw; ++j) {
      const Range rx = valid_range(g.ow, g.w, g.sw, g.pw, j * g.dw);
      const float* col = cols + ((ci * g.kh + i) * g.kw + j) * g.n * plane + b * plane;
      for (i64 oy = ry.lo; oy < ry.hi; ++oy) {
        const float* s = col + oy * g.ow;
        const i64 to = (oy * g.sh - g.ph + i * g.dh) * g.w - g.pw + j * g.dw;
        if (g.sw == 1) {
          float* __restrict dd = d + to + rx.lo;
          const float* __restrict ss = s + rx.lo;
          const i64 len = rx.hi - rx.lo;
          for (i64 t = 0; t < len; ++t) dd[t] += ss[t];
        } else {
          for (i64 ox = rx.lo; ox < rx.hi; ++ox) d[to + ox * g.sw] += s[ox];
        }
      }
    }
  }
}

}  // namespace

void im2col_f32(Pool* pool, const float* x, const Window& g, float* cols) {
  const i64 rows = g.c * g.kh * g.kw;
  split(pool, rows * g.n, static_cast<double>(rows) * g.n * g.oh * g.ow, [&](i64 begin, i64 end) {
    for (i64 u = begin; u < end; ++u) im2col_block(x, g, cols, u / g.n, u % g.n);
  });
}

void col2im_f32(Pool* pool, const float* cols, const Window& g, float* dx) {
  const double work =
      static_cast<double>(g.c) * g.kh * g.kw * g.n * g.oh * g.ow + static_cast<double>(g.n) * g.c * g.h * g.w;
  split(pool, g.n * g.c, work, [&](i64 begin, i64 end) {
    for (i64 p = begin; p < end; ++p) col2im_plane(cols, g, dx, p);
  });
}

}  // namespace descent
