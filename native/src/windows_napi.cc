// The Node-API bindings of the window kernels: each checks its geometry (integers in range, the
// output size the window gives), the exact length of every array and, for maxPool2dBackward, that
// every index lies in dx, throwing a RangeError / TypeError before any memory is written.
#include "windows_napi.h"

#include <cmath>
#include <cstdio>

#include "fpenv.h"
#include "windows.h"

namespace descent {
namespace {

const char* const kFields[14] = {"n", "c", "h", "w", "kh", "kw", "sh", "sw", "ph", "pw", "dh", "dw", "oh", "ow"};
// Sizes stay below 2^31 so that flat indices fit the Int32Array of a max pool's argmax.
constexpr double kMaxInt = 2147483647.0;

napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

i64 output_size(i64 size, i64 k, i64 s, i64 pad_total, i64 d) {
  const i64 span = size + pad_total - d * (k - 1) - 1;
  return (span >= 0 ? span / s : -((-span + s - 1) / s)) + 1;
}

// The output size must be what the window gives with pads p before and p after, or p + 1 after for a
// convolution ('same' with an even window). A pool never pads more after: with that, a window could
// lie wholly in the padding, and the max pool kernel relies on every window holding an input.
void check_output(Args& args, const char* name, i64 got, i64 size, i64 k, i64 s, i64 p, i64 d, bool pool) {
  const i64 even = output_size(size, k, s, 2 * p, d), odd = output_size(size, k, s, 2 * p + 1, d);
  if (!args.ok || got == even || (!pool && got == odd)) return;
  char m[200];
  if (pool) {
    std::snprintf(m, sizeof m, "geom.%s is %lld but the window gives %lld", name, static_cast<long long>(got),
                  static_cast<long long>(even));
  } else {
    std::snprintf(m, sizeof m, "geom.%s is %lld but the window gives %lld (%lld with one more pad after)", name,
                  static_cast<long long>(got), static_cast<long long>(even), static_cast<long long>(odd));
  }
  args.fail(m, true);
}

/** Reads geom (a Float64Array of 14) at argument i into g; pools also need dilation 1 and pads <= k / 2. */
Window read_window(Args& args, std::size_t i, bool pool) {
  Window g{};
  const auto* v = static_cast<const double*>(args.array(i, napi_float64_array, 14, "geom"));
  if (!args.ok) return g;
  i64 f[14];
  for (int k = 0; k < 14; ++k) {
    // n and c may be 0 (an empty batch) and pads 0; every other entry is at least 1.
    const double lo = (k < 2 || k == 8 || k == 9) ? 0 : 1;
    if (!(v[k] >= lo && v[k] <= kMaxInt) || std::floor(v[k]) != v[k]) {
      char m[160];
      std::snprintf(m, sizeof m, "geom.%s is %g, expected an integer from %.0f to 2^31 - 1", kFields[k], v[k], lo);
      args.fail(m, true);
      return g;
    }
    f[k] = static_cast<i64>(v[k]);
  }
  g = Window{f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13]};
  check_output(args, "oh", g.oh, g.h, g.kh, g.sh, g.ph, g.dh, pool);
  check_output(args, "ow", g.ow, g.w, g.kw, g.sw, g.pw, g.dw, pool);
  if (pool && args.ok && (g.dh != 1 || g.dw != 1)) args.fail("a pool's geom.dh and geom.dw must be 1", true);
  if (pool && args.ok && (2 * g.ph > g.kh || 2 * g.pw > g.kw)) {
    args.fail("a pool's pads must be at most half its window (geom.ph <= kh / 2, pw <= kw / 2)", true);
  }
  const double x = static_cast<double>(g.n) * g.c * g.h * g.w;
  if (args.ok && x > kMaxInt) args.fail("n c h w must be below 2^31", true);
  return g;
}

double x_size(const Window& g) { return static_cast<double>(g.n) * g.c * g.h * g.w; }
double y_size(const Window& g) { return static_cast<double>(g.n) * g.c * g.oh * g.ow; }
double cols_size(const Window& g) { return static_cast<double>(g.c) * g.kh * g.kw * g.n * g.oh * g.ow; }

/** The typed array at i, which must be of `type` and hold exactly `need` elements (need < 0: any). */
void* exact(Args& args, std::size_t i, napi_typedarray_type type, double need, const char* what, i64* length) {
  napi_value a = args.arg(i);
  if (!args.ok) return nullptr;
  bool is_typed = false;
  napi_typedarray_type t;
  std::size_t len = 0;
  void* data = nullptr;
  if (napi_is_typedarray(args.env, a, &is_typed) != napi_ok || !is_typed ||
      napi_get_typedarray_info(args.env, a, &t, &len, &data, nullptr, nullptr) != napi_ok || t != type) {
    char m[128];
    std::snprintf(m, sizeof m, "%s must be a%s", what, type == napi_float32_array ? " Float32Array" : "n Int32Array");
    args.fail(m);
    return nullptr;
  }
  if (need >= 0 && static_cast<double>(len) != need) {
    char m[160];
    std::snprintf(m, sizeof m, "%s has %zu elements, expected %.0f (from geom)", what, len, need);
    args.fail(m, true);
    return nullptr;
  }
  if (length != nullptr) *length = static_cast<i64>(len);
  return data;
}

float* f32(Args& args, std::size_t i, double need, const char* what, i64* length = nullptr) {
  return static_cast<float*>(exact(args, i, napi_float32_array, need, what, length));
}

}  // namespace

napi_value Im2col(napi_env env, napi_callback_info info) {
  Args args(env, info, "im2col");
  const Window g = read_window(args, 1, false);
  const float* x = f32(args, 0, x_size(g), "x");
  float* cols = f32(args, 2, cols_size(g), "cols");
  if (!args.ok) return nullptr;
  FlushDenormals ftz;
  im2col_f32(context_pool(args.data), x, g, cols);
  return undefined(env);
}

napi_value Col2im(napi_env env, napi_callback_info info) {
  Args args(env, info, "col2im");
  const Window g = read_window(args, 1, false);
  const float* cols = f32(args, 0, cols_size(g), "cols");
  float* dx = f32(args, 2, x_size(g), "dx");
  if (!args.ok) return nullptr;
  FlushDenormals ftz;
  col2im_f32(context_pool(args.data), cols, g, dx);
  return undefined(env);
}

napi_value MaxPool2d(napi_env env, napi_callback_info info) {
  Args args(env, info, "maxPool2d");
  const Window g = read_window(args, 1, true);
  const float* x = f32(args, 0, x_size(g), "x");
  float* y = f32(args, 2, y_size(g), "y");
  auto* argmax = static_cast<std::int32_t*>(exact(args, 3, napi_int32_array, y_size(g), "argmax", nullptr));
  if (!args.ok) return nullptr;
  FlushDenormals ftz;
  max_pool_f32(context_pool(args.data), x, g, y, argmax);
  return undefined(env);
}

napi_value MaxPool2dBackward(napi_env env, napi_callback_info info) {
  Args args(env, info, "maxPool2dBackward");
  i64 count = 0, size = 0;
  const auto* argmax = static_cast<const std::int32_t*>(exact(args, 1, napi_int32_array, -1, "argmax", &count));
  const float* gy = f32(args, 0, static_cast<double>(count), "gy");
  float* dx = f32(args, 2, -1, "dx", &size);
  if (!args.ok) return nullptr;
  i64 bad;
  {
    FlushDenormals ftz;
    bad = max_pool_backward_f32(context_pool(args.data), gy, argmax, count, dx, size);
  }
  if (bad >= 0) {
    char m[160];
    std::snprintf(m, sizeof m, "argmax[%lld] is %d, outside dx (length %lld)", static_cast<long long>(bad),
                  argmax[bad], static_cast<long long>(size));
    args.fail(m, true);
    return nullptr;
  }
  return undefined(env);
}

napi_value AvgPool2d(napi_env env, napi_callback_info info) {
  Args args(env, info, "avgPool2d");
  const Window g = read_window(args, 1, true);
  const float* x = f32(args, 0, x_size(g), "x");
  float* y = f32(args, 2, y_size(g), "y");
  if (!args.ok) return nullptr;
  FlushDenormals ftz;
  avg_pool_f32(context_pool(args.data), x, g, y);
  return undefined(env);
}

napi_value AvgPool2dBackward(napi_env env, napi_callback_info info) {
  Args args(env, info, "avgPool2dBackward");
  const Window g = read_window(args, 1, true);
  const float* gy = f32(args, 0, y_size(g), "gy");
  float* dx = f32(args, 2, x_size(g), "dx");
  if (!args.ok) return nullptr;
  FlushDenormals ftz;
  avg_pool_backward_f32(context_pool(args.data), gy, g, dx);
  return undefined(env);
}

}  // namespace descent
