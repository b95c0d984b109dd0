// Reading and checking N-API arguments. Every array is checked for its element type and for holding
// at least the elements a kernel will touch, so a wrong call from JS throws instead of corrupting
// memory. Included only by addon.cc.
#ifndef DESCENT_NAPI_ARGS_H_
#define DESCENT_NAPI_ARGS_H_

#define NAPI_VERSION 8
#include <node_api.h>

#include <cstdint>
#include <cstdio>

#include "kernels.h"

namespace descent {

constexpr std::size_t kMaxArgs = 10;

/** The arguments of one call, with the first error thrown (later reads then fail quietly). */
struct Args {
  napi_env env;
  const char* fn;
  std::size_t argc = kMaxArgs;
  napi_value argv[kMaxArgs];
  void* data = nullptr;
  bool ok = true;

  Args(napi_env e, napi_callback_info info, const char* name) : env(e), fn(name) {
    if (napi_get_cb_info(env, info, &argc, argv, nullptr, &data) != napi_ok) fail("cannot read arguments");
  }

  void fail(const char* message, bool range = false) {
    if (!ok) return;
    ok = false;
    char text[256];
    std::snprintf(text, sizeof text, "descent native %s: %s", fn, message);
    if (range) napi_throw_range_error(env, nullptr, text);
    else napi_throw_type_error(env, nullptr, text);
  }

  napi_value arg(std::size_t i) {
    if (i >= argc) {
      fail("missing argument");
      return nullptr;
    }
    return argv[i];
  }

  bool is_null(std::size_t i) {
    napi_valuetype t = napi_undefined;
    if (i >= argc || napi_typeof(env, argv[i], &t) != napi_ok) return true;
    return t == napi_null || t == napi_undefined;
  }

  /** A non-negative integer below 2^40 (sizes); `what` names it in the error. */
  i64 size(std::size_t i, const char* what) {
    std::int64_t v = 0;
    napi_value a = arg(i);
    if (!ok) return 0;
    double d = 0;
    if (napi_get_value_double(env, a, &d) != napi_ok || !(d >= 0 && d < 1099511627776.0) ||
        static_cast<double>(static_cast<std::int64_t>(d)) != d) {
      char m[128];
      std::snprintf(m, sizeof m, "%s must be a non-negative integer", what);
      fail(m, true);
      return 0;
    }
    v = static_cast<std::int64_t>(d);
    return v;
  }

  double number(std::size_t i, const char* what) {
    double d = 0;
    napi_value a = arg(i);
    if (ok && napi_get_value_double(env, a, &d) != napi_ok) {
      char m[128];
      std::snprintf(m, sizeof m, "%s must be a number", what);
      fail(m);
    }
    return d;
  }

  /** The data of a typed array of `type` with at least `need` elements (need may be 0). */
  void* array(std::size_t i, napi_typedarray_type type, double need, const char* what) {
    napi_value a = arg(i);
    if (!ok) return nullptr;
    bool is_typed = false;
    napi_typedarray_type t;
    std::size_t length = 0;
    void* data = nullptr;
    if (napi_is_typedarray(env, a, &is_typed) != napi_ok || !is_typed ||
        napi_get_typedarray_info(env, a, &t, &length, &data, nullptr, nullptr) != napi_ok || t != type) {
      char m[128];
      std::snprintf(m, sizeof m, "%s must be a %s", what,
                    type == napi_float32_array ? "Float32Array" : type == napi_int32_array ? "Int32Array"
                                                                                             : "Float64Array");
      fail(m);
      return nullptr;
    }
    if (static_cast<double>(length) < need) {
      char m[160];
      std::snprintf(m, sizeof m, "%s has %zu elements, expected at least %.0f", what, length, need);
      fail(m, true);
      return nullptr;
    }
    return data;
  }

  float* f32(std::size_t i, double need, const char* what) {
    return static_cast<float*>(array(i, napi_float32_array, need, what));
  }

  /** A Float32Array or null / undefined (then nullptr, with ok unchanged). */
  float* f32_or_null(std::size_t i, double need, const char* what) {
    if (is_null(i)) return nullptr;
    return f32(i, need, what);
  }

  /** The element count of the Float32Array at i (0 after an error). */
  i64 length_f32(std::size_t i, const char* what) {
    napi_value a = arg(i);
    if (!ok) return 0;
    napi_typedarray_type t;
    std::size_t length = 0;
    bool is_typed = false;
    if (napi_is_typedarray(env, a, &is_typed) != napi_ok || !is_typed ||
        napi_get_typedarray_info(env, a, &t, &length, nullptr, nullptr, nullptr) != napi_ok ||
        t != napi_float32_array) {
      char m[128];
      std::snprintf(m, sizeof m, "%s must be a Float32Array", what);
      fail(m);
      return 0;
    }
    return static_cast<i64>(length);
  }
};

}  // namespace descent

#endif  // DESCENT_NAPI_ARGS_H_
