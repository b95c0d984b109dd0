// The contract between the addon's bindings and its per-ISA kernel sets: one KernelTable of plain
// function pointers per instruction set, and the thread pool API the kernels split work with.
// NOTE: this header is included by translation units compiled with -mavx512f / -mavx2. It must hold
// declarations and plain structs only: no inline functions or templates, because an inline function
// emitted by an AVX-512 unit could be picked by the linker for the portable path (an ODR trap).
#ifndef DESCENT_KERNELS_H_
#define DESCENT_KERNELS_H_

#include <cstdint>

namespace descent {

typedef std::int64_t i64;

/** The persistent worker pool (pool.cc). Opaque to the kernels. */
struct Pool;

/** One task of a parallel job: fn(ctx, index) for index in [0, tasks). */
typedef void (*TaskFn)(void* ctx, int index);

/**
 * Runs fn(ctx, i) for every i in [0, tasks) on the pool's threads, the calling thread included, and
 * returns when all have finished. Tasks are claimed dynamically, so a worker that wakes late only
 * takes what is left. Runs everything on the caller when the pool has one thread or is busy.
 */
void pool_run(Pool* pool, int tasks, TaskFn fn, void* ctx);

/** Threads the pool runs a job on, the caller included (>= 1). */
int pool_threads(const Pool* pool);

/**
 * A 64-byte aligned scratch buffer of at least `bytes`, owned by the calling thread and reused across
 * calls (slot 0: packed A, 1: packed B, 2: accumulators). Allocation lives here so that the per-ISA
 * units stay free of library templates. Returns null when memory runs out.
 */
void* thread_scratch(int slot, i64 bytes);

enum UnaryOp { kRelu = 0, kExp = 1, kTanh = 2, kSigmoid = 3, kNeg = 4 };
enum BinaryOp { kAdd = 0, kSub = 1, kMul = 2 };
/**
 * How the operands of a binary op line up over a rows x cols output:
 * kSame: both are rows x cols; kRowB: b is one row of cols repeated; kRowA: a is the row;
 * kScalarB / kScalarA: that operand is a single value.
 */
enum BinaryMode { kSame = 0, kRowB = 1, kRowA = 2, kScalarB = 3, kScalarA = 4 };
enum Activation { kActNone = 0, kActRelu = 1, kActTanh = 2, kActSigmoid = 3 };
enum OptimKind { kSgd = 0, kMomentum = 1, kAdam = 2, kRmsprop = 3, kAdagrad = 4 };

/**
 * Coefficients of one optimizer step, derived in double by the caller (1 - 0.999 rounded from a float
 * 0.999 would be off by 1.3e-5 relative); each kind reads the fields fused.inc documents.
 */
struct OptimParams {
  float lr;
  float l2;          // weight decay added to the gradient (0 for AdamW)
  float eps;
  float beta1;       // adam: first-moment decay; momentum: the momentum factor mu
  float one_minus1;  // adam: 1 - beta1; momentum: 1 - dampening
  float beta2;       // adam: second-moment decay; rmsprop: the decay rate alpha
  float one_minus2;  // 1 - beta2 or 1 - alpha
  float step_size;   // adam: lr / (1 - beta1^t)
  float bias2_sqrt;  // adam: 1 / sqrt(1 - beta2^t)
  float shrink;      // AdamW: 1 - lr * weight decay; else 1
  int nesterov;      // momentum
};

/** Every float32 kernel one instruction set provides. Sizes are element counts. */
struct KernelTable {
  const char* name;
  /**
   * out (m x n) = act((accumulate ? out : 0) + op(A) op(B) + bias), `batch` products back to back (see
   * Backend.matmul); bias (length n, shared by the batch) may be null, act kActNone skips the pass.
   */
  void (*gemm)(Pool* pool, const float* a, const float* b, float* c, i64 m, i64 k, i64 n, bool trans_a,
               bool trans_b, bool accumulate, i64 batch, const float* bias, int act);
  void (*unary)(Pool* pool, int op, const float* x, float* out, i64 n);
  void (*binary)(Pool* pool, int op, int mode, const float* a, const float* b, float* out, i64 rows,
                 i64 cols);
  /** out[r] = sum_c x[r, c]. */
  void (*sum_rows)(Pool* pool, const float* x, float* out, i64 rows, i64 cols);
  /** out[c] = sum_r x[r, c] (the bias gradient). */
  void (*sum_cols)(Pool* pool, const float* x, float* out, i64 rows, i64 cols);
  void (*softmax)(Pool* pool, bool log, const float* x, float* out, i64 rows, i64 cols);
  /** out = act(x + bias[c]) over rows x cols; bias may be null. */
  void (*bias_act)(Pool* pool, int act, const float* x, const float* bias, float* out, i64 rows, i64 cols);
  /** grad_in = grad_out * act'(y) from the activation's output y; grad_bias[c] = column sums (may be null). */
  void (*act_backward)(Pool* pool, int act, const float* grad_out, const float* y, float* grad_in,
                       float* grad_bias, i64 rows, i64 cols);
  /**
   * Mean softmax cross-entropy over rows with integer labels; writes grad = (softmax - onehot) * scale
   * when grad is not null. Returns the summed loss, or -1 - r when label r is out of range.
   */
  double (*softmax_xent)(Pool* pool, const float* logits, const std::int32_t* labels, float* grad,
                         float scale, i64 rows, i64 cols);
  void (*optim)(Pool* pool, int kind, float* param, const float* grad, float* s1, float* s2, i64 n,
                const OptimParams* p);
};

/** The portable kernels (plain C++, auto-vectorized); available everywhere. */
const KernelTable* kernels_portable();
#if defined(DESCENT_X86_KERNELS)
/** AVX2 + FMA kernels (6x16 GEMM tile). */
const KernelTable* kernels_avx2();
/** AVX-512F kernels (GEMM tile of 32 columns). */
const KernelTable* kernels_avx512();
#endif

}  // namespace descent

#endif  // DESCENT_KERNELS_H_
