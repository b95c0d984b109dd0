// Helpers shared by the window kernels (windows.cc, windows_pool.cc): index arithmetic and the split
// of a job over the thread pool. Internal to each unit (an anonymous namespace): no inline function
// here can be merged with one from an ISA unit (see kernels.h).
#ifndef DESCENT_WINDOWS_COMMON_H_
#define DESCENT_WINDOWS_COMMON_H_

#include <cstring>

#include "windows.h"

namespace descent {
namespace {

// Below this many floats touched (1 MiB, ~100 us) a job runs on the caller alone. Waking a worker costs
// 1.3-1.5 us, but one whose core is busy elsewhere stalls the call (performance-notes.md): with 32k
// floats, conv2d's per-image im2col at W4's conv2 (56k floats) ran 2x slower on 2 threads than on 1.
constexpr double kMinSplitWork = 262144;
// Tasks per thread: tasks are claimed dynamically, so a worker that wakes late takes only what is left.
constexpr i64 kTasksPerThread = 4;

i64 min64(i64 a, i64 b) { return a < b ? a : b; }
i64 max64(i64 a, i64 b) { return a > b ? a : b; }
i64 floor_div(i64 a, i64 b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

void zero(float* p, i64 n) {
  if (n > 0) std::memset(p, 0, static_cast<std::size_t>(n) * sizeof(float));
}

/** The outputs o in [0, out) whose tap o s - p + kd lies in [0, size): [lo, hi). */
struct Range {
  i64 lo, hi;
};
Range valid_range(i64 out, i64 size, i64 s, i64 p, i64 kd) {
  const i64 off = kd - p;
  const i64 lo = off >= 0 ? 0 : min64(out, (-off + s - 1) / s);
  const i64 hi = min64(out, floor_div(size - 1 - off, s) + 1);
  return {lo, max64(lo, hi)};
}

bool splits(Pool* pool, i64 units, double work) {
  return pool_threads(pool) > 1 && units > 1 && work >= kMinSplitWork;
}

/** Runs body(begin, end) over [0, units) in contiguous chunks, on the pool when the work pays. */
template <class Body>
void split(Pool* pool, i64 units, double work, const Body& body) {
  if (!splits(pool, units, work)) {
    body(i64{0}, units);
    return;
  }
  struct Job {
    const Body* body;
    i64 units, tasks;
  };
  const Job job{&body, units, min64(units, pool_threads(pool) * kTasksPerThread)};
  pool_run(pool, static_cast<int>(job.tasks),
           [](void* ctx, int t) {
             const Job* j = static_cast<const Job*>(ctx);
             (*j->body)(j->units * t / j->tasks, j->units * (t + 1) / j->tasks);
           },
           const_cast<Job*>(&job));
}

}  // namespace
}  // namespace descent

#endif  // DESCENT_WINDOWS_COMMON_H_
