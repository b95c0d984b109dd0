// The Node-API surface of descent's native backend. `create(simd, threads)` returns an object of
// kernel functions bound to one kernel set and one thread pool; src/backend/native wraps it as a
// Backend. Every call checks its arrays, sets flush-to-zero for its duration and restores the mode.
#include <atomic>
#include <cmath>
#include <cstring>
#include <new>

#include "dispatch.h"
#include "fpenv.h"
#include "napi_args.h"
#include "pool.h"
#include "windows_napi.h"

namespace descent {
namespace {

/** What the functions of one `create` share; freed when the last of them is garbage collected. */
struct Context {
  const KernelTable* k = nullptr;
  Pool* pool = nullptr;
  std::atomic<int> refs{0};
};

void release(napi_env, void* data, void*) {
  Context* ctx = static_cast<Context*>(data);
  if (ctx->refs.fetch_sub(1) == 1) {
    pool_destroy(ctx->pool);
    delete ctx;
  }
}

Context* context_of(const Args& args) { return static_cast<Context*>(args.data); }

napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

// gemm(a, b, out, m, k, n, flags, batch, bias?, act?); flags: 1 transA, 2 transB, 4 accumulate.
napi_value Gemm(napi_env env, napi_callback_info info) {
  Args args(env, info, "gemm");
  const i64 m = args.size(3, "m"), k = args.size(4, "k"), n = args.size(5, "n");
  const i64 flags = args.size(6, "flags"), batch = args.size(7, "batch");
  const double b = static_cast<double>(batch);
  const float* a = args.f32(0, b * m * k, "a");
  const float* bb = args.f32(1, b * k * n, "b");
  float* out = args.f32(2, b * m * n, "out");
  const float* bias = args.argc > 8 ? args.f32_or_null(8, static_cast<double>(n), "bias") : nullptr;
  const i64 act = args.argc > 9 ? args.size(9, "act") : i64{kActNone};
  if (args.ok && batch > 0x7fffffff) args.fail("batch must be below 2^31", true);
  if (args.ok && act > kActSigmoid) args.fail("act must be 0-3", true);
  if (!args.ok) return nullptr;
  FlushDenormals ftz;
  Context* ctx = context_of(args);
  ctx->k->gemm(ctx->pool, a, bb, out, m, k, n, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, batch, bias,
               static_cast<int>(act));
  return undefined(env);
}

// unary(op, x, out)
napi_value Unary(napi_env env, napi_callback_info info) {
  Args args(env, info, "unary");
  const i64 op = args.size(0, "op");
  const i64 n = args.length_f32(1, "x");
  const float* x = args.f32(1, 0, "x");
  float* out = args.f32(2, static_cast<double>(n), "out");
  if (!args.ok) return nullptr;
  FlushDenormals ftz;
  Context* ctx = context_of(args);
  ctx->k->unary(ctx->pool, static_cast<int>(op), x, out, n);
  return undefined(env);
}

// binary(op, mode, a, b, out, rows, cols)
napi_value Binary(napi_env env, napi_callback_info info) {
  Args args(env, info, "binary");
  const i64 op = args.size(0, "op"), mode = args.size(1, "mode");
  const i64 rows = args.size(5, "rows"), cols = args.size(6, "cols");
  const double all = static_cast<double>(rows) * static_cast<double>(cols);
  const double need_a = mode == kRowA ? cols : mode == kScalarA ? 1 : all;
  const double need_b = mode == kRowB ? cols : mode == kScalarB ? 1 : all;
  if (mode > kScalarA) args.fail("mode must be 0-4", true);
  const float* a = args.f32(2, all == 0 ? 0 : need_a, "a");
  const float* b = args.f32(3, all == 0 ? 0 : need_b, "b");
  float* out = args.f32(4, all, "out");
  if (!args.ok) return nullptr;
  FlushDenormals ftz;
  Context* ctx = context_of(args);
  ctx->k->binary(ctx->pool, static_cast<int>(op), static_cast<int>(mode), a, b, out, rows, cols);
  return undefined(env);
}

// sumRows(x, out, rows, cols) / sumCols(x, out, rows, cols)
napi_value Sum(napi_env env, napi_callback_info info, bool rows_out) {
  Args args(env, info, rows_out ? "sumRows" : "sumCols");
  const i64 rows = args.size(2, "rows"), cols = args.size(3, "cols");
  const float* x = args.f32(0, static_cast<double>(rows) * cols, "x");
  float* out = args.f32(1, static_cast<double>(rows_out ? rows : cols), "out");
  if (!args.ok) return nullptr;
  FlushDenormals ftz;
  Context* ctx = context_of(args);
  (rows_out ? ctx->k->sum_rows : ctx->k->sum_cols)(ctx->pool, x, out, rows, cols);
  return undefined(env);
}
napi_value SumRows(napi_env env, napi_callback_info info) { return Sum(env, info, true); }
napi_value SumCols(napi_env env, napi_callback_info info) { return Sum(env, info, false); }

// softmax(x, out, rows, cols, log)
napi_value Softmax(napi_env env, napi_callback_info info) {
  Args args(env, info, "softmax");
  const i64 rows = args.size(2, "rows"), cols = args.size(3, "cols"), log = args.size(4, "log");
  const double all = static_cast<double>(rows) * cols;
  const float* x = args.f32(0, all, "x");
  float* out = args.f32(1, all, "out");
  if (!args.ok) return nullptr;
  FlushDenormals ftz;
  Context* ctx = context_of(args);
  ctx->k->softmax(ctx->pool, log != 0, x, out, rows, cols);
  return undefined(env);
}

// biasAct(act, x, bias | null, out, rows, cols)
napi_value BiasAct(napi_env env, napi_callback_info info) {
  Args args(env, info, "biasAct");
  const i64 act = args.size(0, "act"), rows = args.size(4, "rows"), cols = args.size(5, "cols");
  const double all = static_cast<double>(rows) * cols;
  const float* x = args.f32(1, all, "x");
  const float* bias = args.f32_or_null(2, static_cast<double>(cols), "bias");
  float* out = args.f32(3, all, "out");
  if (!args.ok) return nullptr;
  FlushDenormals ftz;
  Context* ctx = context_of(args);
  ctx->k->bias_act(ctx->pool, static_cast<int>(act), x, bias, out, rows, cols);
  return undefined(env);
}

// actBackward(act, gradOut, y, gradIn, gradBias | null, rows, cols)
napi_value ActBackward(napi_env env, napi_callback_info info) {
  Args args(env, info, "actBackward");
  const i64 act = args.size(0, "act"), rows = args.size(5, "rows"), cols = args.size(6, "cols");
  const double all = static_cast<double>(rows) * cols;
  const float* g = args.f32(1, all, "gradOut");
  const float* y = args.f32(2, all, "y");
  float* gin = args.f32(3, all, "gradIn");
  float* gbias = args.f32_or_null(4, static_cast<double>(cols), "gradBias");
  if (!args.ok) return nullptr;
  FlushDenormals ftz;
  Context* ctx = context_of(args);
  ctx->k->act_backward(ctx->pool, static_cast<int>(act), g, y, gin, gbias, rows, cols);
  return undefined(env);
}

// softmaxXent(logits, labels, grad | null, scale, rows, cols) -> summed loss, or -1 - r for a bad label
napi_value SoftmaxXent(napi_env env, napi_callback_info info) {
  Args args(env, info, "softmaxXent");
  const i64 rows = args.size(4, "rows"), cols = args.size(5, "cols");
  const double all = static_cast<double>(rows) * cols;
  const float* logits = args.f32(0, all, "logits");
  const auto* labels = static_cast<const std::int32_t*>(args.array(1, napi_int32_array, rows, "labels"));
  float* grad = args.f32_or_null(2, all, "grad");
  const double scale = args.number(3, "scale");
  if (!args.ok) return nullptr;
  double loss;
  {
    FlushDenormals ftz;
    Context* ctx = context_of(args);
    loss = ctx->k->softmax_xent(ctx->pool, logits, labels, grad, static_cast<float>(scale), rows, cols);
  }
  napi_value result;
  napi_create_double(env, loss, &result);
  return result;
}

// optim(kind, param, grad, s1 | null, s2 | null, hyper: Float64Array of
//   [lr, beta1, beta2, eps, weightDecay, dampening, step, nesterov, decoupled, 0])
// The derived coefficients are computed here in double, then rounded once to float.
napi_value Optim(napi_env env, napi_callback_info info) {
  Args args(env, info, "optim");
  const i64 kind = args.size(0, "kind");
  const i64 n = args.length_f32(1, "param");
  float* param = args.f32(1, 0, "param");
  const float* grad = args.f32(2, static_cast<double>(n), "grad");
  const bool needs_s1 = kind != kSgd, needs_s2 = kind == kAdam;
  float* s1 = needs_s1 ? args.f32(3, static_cast<double>(n), "state1") : nullptr;
  float* s2 = needs_s2 ? args.f32(4, static_cast<double>(n), "state2") : nullptr;
  const auto* h = static_cast<const double*>(args.array(5, napi_float64_array, 10, "hyper"));
  if (kind > kAdagrad) args.fail("kind must be 0-4", true);
  if (args.ok && kind == kAdam && !(h[6] >= 1)) args.fail("step must be >= 1", true);
  if (!args.ok) return nullptr;
  const double lr = h[0], beta1 = h[1], beta2 = h[2], eps = h[3], wd = h[4], dampening = h[5], t = h[6];
  const bool decoupled = h[8] != 0;
  OptimParams p{};
  p.lr = static_cast<float>(lr);
  p.l2 = static_cast<float>(kind == kAdam && decoupled ? 0.0 : wd);
  p.eps = static_cast<float>(eps);
  p.beta1 = static_cast<float>(beta1);
  p.one_minus1 = static_cast<float>(kind == kMomentum ? 1.0 - dampening : 1.0 - beta1);
  p.beta2 = static_cast<float>(beta2);
  p.one_minus2 = static_cast<float>(1.0 - beta2);
  if (kind == kAdam) {
    p.step_size = static_cast<float>(lr / (1.0 - std::pow(beta1, t)));
    p.bias2_sqrt = static_cast<float>(1.0 / std::sqrt(1.0 - std::pow(beta2, t)));
  }
  p.shrink = static_cast<float>(kind == kAdam && decoupled ? 1.0 - lr * wd : 1.0);
  p.nesterov = h[7] != 0;
  FlushDenormals ftz;
  Context* ctx = context_of(args);
  ctx->k->optim(ctx->pool, static_cast<int>(kind), param, grad, s1, s2, n, &p);
  return undefined(env);
}

struct Method {
  const char* name;
  napi_callback cb;
};

const Method kMethods[] = {
    {"gemm", Gemm},         {"unary", Unary},           {"binary", Binary},           {"sumRows", SumRows},
    {"sumCols", SumCols},   {"softmax", Softmax},       {"biasAct", BiasAct},         {"actBackward", ActBackward},
    {"softmaxXent", SoftmaxXent}, {"optim", Optim},
    {"im2col", Im2col},     {"col2im", Col2im},         {"maxPool2d", MaxPool2d},
    {"maxPool2dBackward", MaxPool2dBackward}, {"avgPool2d", AvgPool2d}, {"avgPool2dBackward", AvgPool2dBackward},
};

bool set_named(napi_env env, napi_value obj, const char* name, napi_value value) {
  return napi_set_named_property(env, obj, name, value) == napi_ok;
}

// create(simd: string, threads: number) -> { info: { simd, threads }, gemm, unary, ... }
napi_value Create(napi_env env, napi_callback_info info) {
  Args args(env, info, "create");
  char simd[32] = {0};
  std::size_t len = 0;
  napi_value s = args.arg(0);
  if (args.ok && napi_get_value_string_utf8(env, s, simd, sizeof simd, &len) != napi_ok) {
    args.fail("simd must be a string");
  }
  const i64 threads = args.size(1, "threads");
  if (args.ok && (threads < 1 || threads > 256)) args.fail("threads must be 1-256", true);
  const KernelTable* k = args.ok ? kernels_named(simd) : nullptr;
  if (args.ok && k == nullptr) args.fail("this CPU or build lacks the requested simd level", true);
  if (!args.ok) return nullptr;

  Context* ctx = new (std::nothrow) Context();
  if (ctx == nullptr) {
    args.fail("out of memory");
    return nullptr;
  }
  ctx->k = k;
  ctx->pool = pool_create(static_cast<int>(threads));
  napi_value obj, info_obj, v;
  napi_create_object(env, &obj);
  napi_create_object(env, &info_obj);
  napi_create_string_utf8(env, k->name, NAPI_AUTO_LENGTH, &v);
  set_named(env, info_obj, "simd", v);
  napi_create_int32(env, pool_threads(ctx->pool), &v);
  set_named(env, info_obj, "threads", v);
  set_named(env, obj, "info", info_obj);
  for (const Method& m : kMethods) {
    napi_value fn;
    napi_create_function(env, m.name, NAPI_AUTO_LENGTH, m.cb, ctx, &fn);
    ctx->refs.fetch_add(1);
    napi_add_finalizer(env, fn, ctx, release, nullptr, nullptr);
    set_named(env, obj, m.name, fn);
  }
  return obj;
}

// supported() -> the kernel sets this build and CPU can run, best first.
napi_value Supported(napi_env env, napi_callback_info) {
  const char* names[3];
  const int n = supported_kernels(names);
  napi_value arr;
  napi_create_array_with_length(env, static_cast<std::size_t>(n), &arr);
  for (int i = 0; i < n; ++i) {
    napi_value v;
    napi_create_string_utf8(env, names[i], NAPI_AUTO_LENGTH, &v);
    napi_set_element(env, arr, static_cast<std::uint32_t>(i), v);
  }
  return arr;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "create", NAPI_AUTO_LENGTH, Create, nullptr, &fn);
  set_named(env, exports, "create", fn);
  napi_create_function(env, "supported", NAPI_AUTO_LENGTH, Supported, nullptr, &fn);
  set_named(env, exports, "supported", fn);
  return exports;
}

}  // namespace

Pool* context_pool(void* data) { return static_cast<Context*>(data)->pool; }

}  // namespace descent

NAPI_MODULE_INIT() { return descent::Init(env, exports); }
