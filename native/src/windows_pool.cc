// Max and average pooling and their adjoints in float32 (declared in windows.h), split over the pool by
// (n, c) planes. Each matches its TypeScript twin (src/backend/cpu/pool2d.ts) bit for bit: the same
// comparisons and adds in the same order per element; the average pools accumulate in double, as JS
// numbers do. NOTE: no std:: templates here, for the reason windows.cc gives.
#include <cstdlib>
#include <cstring>

#include "windows.h"
#include "windows_common.h"

namespace descent {
namespace {

// maxPool2dBackward records the index range of each block of this many argmax entries, and fills dx
// in ranges of kRange floats (256 KiB, well inside L2).
constexpr i64 kArgBlock = 1024;
constexpr i64 kRange = 65536;

// The pools' fast path: the outputs of a row whose windows lie wholly inside x, kChunk at a time, with
// the taps in the outer loop so that the inner loop over outputs is straight-line code the compiler
// vectorizes (selects instead of branches: which tap holds the max is data, and mispredicted
// branches cost more than the rest of the kernel). Taps stay in row-major order per output, so the
// results equal the scalar path's. SW is the column stride when it is 1 or 2, else 0 (read g.sw).
constexpr i64 kChunk = 64;

/** The outputs ox whose window columns [ox sw - pw, ox sw - pw + kw) lie inside [0, w). */
Range inside_cols(const Window& g) {
  const i64 lo = min64(g.ow, (g.pw + g.sw - 1) / g.sw);
  const i64 hi = min64(g.ow, floor_div(g.w - g.kw + g.pw, g.sw) + 1);
  return {lo, max64(lo, hi)};
}

template <int SW>
void max_inside(const float* src, const Window& g, i64 len, float* best, std::int32_t* at) {
  const i64 sw = SW > 0 ? SW : g.sw;
  for (i64 t = 0; t < len; ++t) {
    best[t] = src[t * sw];
    at[t] = 0;
  }
  for (i64 i = 0; i < g.kh; ++i) {
    for (i64 j = i == 0 ? 1 : 0; j < g.kw; ++j) {
      const float* s = src + i * g.w + j;
      const std::int32_t off = static_cast<std::int32_t>(i * g.w + j);
      for (i64 t = 0; t < len; ++t) {
        const float v = s[t * sw], b = best[t];
        // The first max wins (a later equal value does not replace it); the first NaN beats numbers.
        const bool take = (v > b) | ((v != v) & (b == b));
        best[t] = take ? v : b;
        at[t] = take ? off : at[t];
      }
    }
  }
}

template <int SW>
void sum_inside(const float* src, const Window& g, i64 len, double* sum) {
  const i64 sw = SW > 0 ? SW : g.sw;
  for (i64 t = 0; t < len; ++t) sum[t] = 0;
  for (i64 i = 0; i < g.kh; ++i) {
    for (i64 j = 0; j < g.kw; ++j) {
      const float* s = src + i * g.w + j;
      for (i64 t = 0; t < len; ++t) sum[t] += s[t * sw];
    }
  }
}

// Only for sw >= kw: the windows of one row then never share a tap, so the order of the adds is free.
template <int SW>
void spread_inside(float* dst, const Window& g, i64 len, const double* v) {
  const i64 sw = SW > 0 ? SW : g.sw;
  for (i64 i = 0; i < g.kh; ++i) {
    for (i64 j = 0; j < g.kw; ++j) {
      float* d = dst + i * g.w + j;
      for (i64 t = 0; t < len; ++t) d[t * sw] = static_cast<float>(d[t * sw] + v[t]);
    }
  }
}

/** The window of output (oy, ox) clipped to x: rows [i0, i1), columns [j0, j1). */
struct Clip {
  i64 i0, i1, j0, j1;
};
Clip clip(const Window& g, i64 oy, i64 ox) {
  const i64 y0 = oy * g.sh - g.ph, x0 = ox * g.sw - g.pw;
  return {max64(0, y0), min64(g.h, y0 + g.kh), max64(0, x0), min64(g.w, x0 + g.kw)};
}

// One output of the max pool by the general path (windows that meet the padding).
void max_one(const float* xp, const Window& g, i64 oy, i64 ox, float* y, std::int32_t* argmax, i64 base) {
  const Clip c = clip(g, oy, ox);
  // The binding keeps pads at most half the window, so every window holds at least one input.
  i64 at = c.i0 * g.w + c.j0;
  float best = xp[at];
  for (i64 i = c.i0; i < c.i1; ++i) {
    for (i64 j = c.j0; j < c.j1; ++j) {
      const float v = xp[i * g.w + j];
      if (v > best || (v != v && best == best)) {
        best = v;
        at = i * g.w + j;
      }
    }
  }
  *y = best;
  *argmax = static_cast<std::int32_t>(base + at);
}

template <int SW>
void max_pool_plane(const float* x, const Window& g, float* y, std::int32_t* argmax, i64 p) {
  const i64 base = p * g.h * g.w, out = p * g.oh * g.ow;
  const float* xp = x + base;
  const Range in = inside_cols(g);
  float best[kChunk];
  std::int32_t at[kChunk];
  for (i64 oy = 0; oy < g.oh; ++oy) {
    const i64 y0 = oy * g.sh - g.ph, row = out + oy * g.ow;
    const bool rows_inside = y0 >= 0 && y0 + g.kh <= g.h;
    const i64 lo = rows_inside ? in.lo : g.ow, hi = rows_inside ? in.hi : g.ow;
    for (i64 ox = 0; ox < lo; ++ox) max_one(xp, g, oy, ox, y + row + ox, argmax + row + ox, base);
    for (i64 ox0 = lo; ox0 < hi; ox0 += kChunk) {
      const i64 len = min64(kChunk, hi - ox0), corner = y0 * g.w + ox0 * g.sw - g.pw;
      max_inside<SW>(xp + corner, g, len, best, at);
      for (i64 t = 0; t < len; ++t) {
        y[row + ox0 + t] = best[t];
        argmax[row + ox0 + t] = static_cast<std::int32_t>(base + corner + t * g.sw + at[t]);
      }
    }
    for (i64 ox = hi; ox < g.ow; ++ox) max_one(xp, g, oy, ox, y + row + ox, argmax + row + ox, base);
  }
}

double sum_one(const float* xp, const Window& g, i64 oy, i64 ox) {
  const Clip c = clip(g, oy, ox);
  double sum = 0;
  for (i64 i = c.i0; i < c.i1; ++i) {
    for (i64 j = c.j0; j < c.j1; ++j) sum += xp[i * g.w + j];
  }
  return sum;
}

template <int SW>
void avg_pool_plane(const float* x, const Window& g, float* y, i64 p) {
  const double scale = 1.0 / static_cast<double>(g.kh * g.kw);
  const float* xp = x + p * g.h * g.w;
  float* yp = y + p * g.oh * g.ow;
  const Range in = inside_cols(g);
  double sum[kChunk];
  for (i64 oy = 0; oy < g.oh; ++oy) {
    const i64 y0 = oy * g.sh - g.ph;
    const bool rows_inside = y0 >= 0 && y0 + g.kh <= g.h;
    const i64 lo = rows_inside ? in.lo : g.ow, hi = rows_inside ? in.hi : g.ow;
    float* yr = yp + oy * g.ow;
    for (i64 ox = 0; ox < lo; ++ox) yr[ox] = static_cast<float>(sum_one(xp, g, oy, ox) * scale);
    for (i64 ox0 = lo; ox0 < hi; ox0 += kChunk) {
      const i64 len = min64(kChunk, hi - ox0);
      sum_inside<SW>(xp + y0 * g.w + ox0 * g.sw - g.pw, g, len, sum);
      for (i64 t = 0; t < len; ++t) yr[ox0 + t] = static_cast<float>(sum[t] * scale);
    }
    for (i64 ox = hi; ox < g.ow; ++ox) yr[ox] = static_cast<float>(sum_one(xp, g, oy, ox) * scale);
  }
}

void spread_one(float* d, const Window& g, i64 oy, i64 ox, double v) {
  const Clip c = clip(g, oy, ox);
  for (i64 i = c.i0; i < c.i1; ++i) {
    for (i64 j = c.j0; j < c.j1; ++j) d[i * g.w + j] = static_cast<float>(d[i * g.w + j] + v);
  }
}

template <int SW>
void avg_pool_backward_plane(const float* gy, const Window& g, float* dx, i64 p) {
  const double scale = 1.0 / static_cast<double>(g.kh * g.kw);
  const float* gp = gy + p * g.oh * g.ow;
  float* d = dx + p * g.h * g.w;
  zero(d, g.h * g.w);
  // Overlapping windows along a row must add in output order (as the TypeScript kernel does).
  const Range in = g.sw >= g.kw ? inside_cols(g) : Range{g.ow, g.ow};
  double v[kChunk];
  for (i64 oy = 0; oy < g.oh; ++oy) {
    const i64 y0 = oy * g.sh - g.ph;
    const bool rows_inside = y0 >= 0 && y0 + g.kh <= g.h;
    const i64 lo = rows_inside ? in.lo : g.ow, hi = rows_inside ? in.hi : g.ow;
    const float* gr = gp + oy * g.ow;
    // NOTE: each gy / (kh kw) stays double and each sum is rounded once to float, as `dx[k] += v` in JS.
    for (i64 ox = 0; ox < lo; ++ox) spread_one(d, g, oy, ox, gr[ox] * scale);
    for (i64 ox0 = lo; ox0 < hi; ox0 += kChunk) {
      const i64 len = min64(kChunk, hi - ox0);
      for (i64 t = 0; t < len; ++t) v[t] = gr[ox0 + t] * scale;
      spread_inside<SW>(d + y0 * g.w + ox0 * g.sw - g.pw, g, len, v);
    }
    for (i64 ox = hi; ox < g.ow; ++ox) spread_one(d, g, oy, ox, gr[ox] * scale);
  }
}

template <int V>
struct Stride {
  static constexpr int value = V;
};

/** Runs plane<SW>(p) for p in [begin, end) with SW the column stride when it is 1 or 2, else 0. */
template <class Plane>
void by_stride(i64 sw, i64 begin, i64 end, const Plane& plane) {
  for (i64 p = begin; p < end; ++p) {
    if (sw == 2) plane(p, Stride<2>());
    else if (sw == 1) plane(p, Stride<1>());
    else plane(p, Stride<0>());
  }
}

}  // namespace

void max_pool_f32(Pool* pool, const float* x, const Window& g, float* y, std::int32_t* argmax) {
  const double work = static_cast<double>(g.n) * g.c * (g.h * g.w + 2 * g.oh * g.ow);
  split(pool, g.n * g.c, work, [&](i64 begin, i64 end) {
    by_stride(g.sw, begin, end, [&](i64 p, auto sw) { max_pool_plane<decltype(sw)::value>(x, g, y, argmax, p); });
  });
}

void avg_pool_f32(Pool* pool, const float* x, const Window& g, float* y) {
  const double work = static_cast<double>(g.n) * g.c * (g.h * g.w + g.oh * g.ow);
  split(pool, g.n * g.c, work, [&](i64 begin, i64 end) {
    by_stride(g.sw, begin, end, [&](i64 p, auto sw) { avg_pool_plane<decltype(sw)::value>(x, g, y, p); });
  });
}

void avg_pool_backward_f32(Pool* pool, const float* gy, const Window& g, float* dx) {
  const double work = static_cast<double>(g.n) * g.c * (g.h * g.w + g.oh * g.ow);
  split(pool, g.n * g.c, work, [&](i64 begin, i64 end) {
    by_stride(g.sw, begin, end, [&](i64 p, auto sw) { avg_pool_backward_plane<decltype(sw)::value>(gy, g, dx, p); });
  });
}

namespace {

// The first k whose argmax[k] is outside [0, size), or -1.
i64 first_outside(const std::int32_t* argmax, i64 count, i64 size) {
  for (i64 k = 0; k < count; ++k) {
    if (argmax[k] < 0 || argmax[k] >= size) return k;
  }
  return -1;
}

}  // namespace

// The indices come without a geometry, so the work is split by ranges of dx: each range is zeroed,
// then gets, in k order, the gy[k] whose argmax[k] falls in it, from the argmax blocks whose index
// range meets it (argmax from a pool is nearly sorted, so that is about its share). Ranges of
// kRange floats stay in cache between the zeroing and the adds; every dx element is written by one
// task, in the same order as on one thread. The block bounds double as the range check.
i64 max_pool_backward_f32(Pool* pool, const float* gy, const std::int32_t* argmax, i64 count, float* dx,
                          i64 size) {
  const i64 blocks = (count + kArgBlock - 1) / kArgBlock;
  auto* bounds = static_cast<std::int32_t*>(std::malloc(static_cast<std::size_t>(blocks > 0 ? blocks : 1) * 8));
  if (bounds == nullptr) {
    const i64 bad = first_outside(argmax, count, size);
    if (bad >= 0) return bad;
    zero(dx, size);
    for (i64 k = 0; k < count; ++k) dx[argmax[k]] += gy[k];
    return -1;
  }
  split(pool, blocks, static_cast<double>(count), [&](i64 begin, i64 end) {
    for (i64 b = begin; b < end; ++b) {
      std::int32_t lo = argmax[b * kArgBlock], hi = lo;
      const i64 stop = min64(count, (b + 1) * kArgBlock);
      for (i64 k = b * kArgBlock; k < stop; ++k) {
        lo = argmax[k] < lo ? argmax[k] : lo;
        hi = argmax[k] > hi ? argmax[k] : hi;
      }
      bounds[2 * b] = lo;
      bounds[2 * b + 1] = hi;
    }
  });
  for (i64 b = 0; b < blocks; ++b) {
    if (bounds[2 * b] < 0 || bounds[2 * b + 1] >= size) {
      std::free(bounds);
      return first_outside(argmax, count, size);
    }
  }
  split(pool, size, static_cast<double>(size) + 2.0 * count, [&](i64 begin, i64 end) {
    for (i64 lo = begin; lo < end; lo += kRange) {
      const i64 hi = min64(end, lo + kRange);
      zero(dx + lo, hi - lo);
      for (i64 b = 0; b < blocks; ++b) {
        if (bounds[2 * b + 1] < lo || bounds[2 * b] >= hi) continue;
        const i64 stop = min64(count, (b + 1) * kArgBlock);
        for (i64 k = b * kArgBlock; k < stop; ++k) {
          const i64 a = argmax[k];
          if (a >= lo && a < hi) dx[a] += gy[k];
        }
      }
    }
  });
  std::free(bounds);
  return -1;
}

}  // namespace descent
